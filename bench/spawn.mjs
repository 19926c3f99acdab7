// Ten sessions spawned in parallel on the local stack (git worktrees, tmux on
// a private socket, a trivial command agent, Markdown issues, a bare-repo
// SCM) through the real engine: wall time from the first spawn call until all
// ten are `working`, and where it goes per step. Goal: < 3 s on 2 cores.
// Needs `pnpm build` first.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../packages/engine/dist/index.js";
import command from "../packages/plugins/agent-command/dist/index.js";
import reactions from "../packages/plugins/lifecycle-reactions/dist/index.js";
import tmux from "../packages/plugins/runtime-tmux/dist/index.js";
import scmLocal from "../packages/plugins/scm-local/dist/index.js";
import trackerLocal from "../packages/plugins/tracker-local/dist/index.js";
import worktree from "../packages/plugins/workspace-worktree/dist/index.js";

try {
  execFileSync("tmux", ["-V"], { stdio: "ignore" });
} catch {
  console.log("spawn: skipped (tmux is not installed)");
  process.exit(0);
}

const SESSIONS = 10;
const GOAL_MS = 3_000;
const socket = `ao-bench-${process.pid}`;
const root = mkdtempSync(join(tmpdir(), "ao-bench-spawn-"));
const repo = join(root, "repo");
const remote = join(root, "remote.git");
const issues = join(root, "issues");
const home = join(root, "home");

const git = (cwd, args) =>
  execFileSync("git", ["-c", "user.name=ao bench", "-c", "user.email=bench@ao.invalid", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });

/** Per plugin method: how many calls and how long they took in total (they overlap in parallel). */
const steps = new Map();
/** A copy of a plugin whose methods record their duration; the engine sees the same plugin otherwise. */
function timed(slot, plugin) {
  const copy = { ...plugin };
  for (const [name, fn] of Object.entries(plugin)) {
    if (typeof fn !== "function") continue;
    // Sync methods stay sync (tracker.branchName, tracker.prompt): only promises are awaited.
    copy[name] = (...args) => {
      const t = performance.now();
      const result = fn.apply(plugin, args);
      if (typeof result?.then !== "function") return result;
      return result.finally(() => {
        const key = `${slot}.${name}`;
        const s = steps.get(key) ?? { calls: 0, total: 0, max: 0 };
        const ms = performance.now() - t;
        s.calls++;
        s.total += ms;
        s.max = Math.max(s.max, ms);
        steps.set(key, s);
      });
    };
  }
  return copy;
}

let engine;
try {
  // A small project with a bare remote, as `ao demo` builds it.
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "README.md"), "# bench\n");
  for (let i = 0; i < 50; i++) writeFileSync(join(repo, "src", `m${i}.js`), `exports.v = ${i};\n`);
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
  git(repo, ["init", "-q", "-b", "main"]);
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", "init"]);
  git(repo, ["remote", "add", "origin", remote]);
  git(repo, ["push", "-q", "-u", "origin", "main"]);
  mkdirSync(issues);
  for (let i = 1; i <= SESSIONS; i++) {
    writeFileSync(
      join(issues, `${i}.md`),
      `---\ntitle: "Bench issue ${i}"\nstate: open\nlabels: [bench]\n---\nDo thing ${i}.\n`,
    );
  }

  // The agent prints one line and waits on stdin, as an interactive agent would.
  const agentScript = 'console.log("agent ready"); process.stdin.resume();';
  const plugins = {
    runtime: timed("runtime", tmux({ socket })),
    agent: timed("agent", command({ run: [process.execPath, "-e", agentScript] })),
    workspace: timed("workspace", worktree()),
    tracker: timed("tracker", trackerLocal({ dir: issues })),
    scm: timed("scm", scmLocal()),
    notifiers: [],
    lifecycle: reactions({}),
  };
  const ref = { id: "bench", repo: remote, path: repo, defaultBranch: "main", dataDir: join(home, "data") };
  engine = createEngine({
    home,
    projects: [{ ref, plugins, intake: { auto: false, labels: [], maxConcurrent: SESSIONS } }],
    env: {},
    concurrency: 16,
  });
  // The daemon is up before anyone spawns: opening the journal and plugin setup are not counted.
  await engine.recover();

  const working = new Map();
  const start = performance.now();
  const unsubscribe = engine.subscribe((record) => {
    if (record.kind === "event" && record.event.type === "spawned" && !working.has(record.session))
      working.set(record.session, performance.now() - start);
  });
  const spawned = await Promise.all(
    Array.from({ length: SESSIONS }, (_, i) => engine.spawn({ project: "bench", issue: String(i + 1) })),
  );
  const returned = performance.now() - start;
  unsubscribe();
  const states = spawned.map((s) => engine.session(s.id)?.state);
  if (states.some((s) => s !== "working")) throw new Error(`not all working: ${states.join(", ")}`);
  const alive = execFileSync("tmux", ["-L", socket, "list-sessions", "-F", "#{session_name}"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n").length;
  if (alive !== SESSIONS) throw new Error(`expected ${SESSIONS} tmux sessions, found ${alive}`);

  const allWorking = Math.max(...working.values());
  const ok = allWorking < GOAL_MS ? "ok" : "OVER GOAL";
  console.log(
    `spawn: ${SESSIONS} sessions in parallel (worktree + tmux + command agent + local tracker/scm)`,
  );
  console.log(
    `  all working      ${allWorking.toFixed(0).padStart(6)} ms wall   goal < ${GOAL_MS} ms   ${ok}   (first at ${Math.min(...working.values()).toFixed(0)} ms)`,
  );
  console.log(
    `  all spawn() done ${returned.toFixed(0).padStart(6)} ms wall   (includes marking issues in progress)`,
  );
  console.log("  per plugin call (the 10 sessions run them concurrently, so they overlap):");
  for (const [key, s] of [...steps].sort((a, b) => b[1].total - a[1].total)) {
    if (key.endsWith(".setup")) continue;
    console.log(
      `    ${key.padEnd(26)} ${String(s.calls).padStart(3)} calls  avg ${(s.total / s.calls).toFixed(0).padStart(5)} ms  max ${s.max.toFixed(0).padStart(5)} ms`,
    );
  }
} finally {
  await engine?.stop().catch((error) => console.error(`engine stop failed: ${error.message}`));
  try {
    execFileSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  } catch {
    // No server left to kill.
  }
  const tmuxDir = join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${process.getuid?.() ?? 0}`);
  rmSync(join(tmuxDir, socket), { force: true });
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
