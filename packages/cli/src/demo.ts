import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import type { SessionSnapshot } from "@ao/core";
import { loadConfig } from "./config/load.js";
import { openLocal } from "./context.js";
import { DemoReviewer } from "./demo/reviewer.js";
import { type DemoRecord, describeRecord } from "./demo/timeline.js";
import { createWorld, type DemoWorld } from "./demo/world.js";
import { paint, progress, say } from "./output.js";

/** Options of `ao demo`. */
export interface DemoOptions {
  json?: unknown;
  keep?: unknown;
  /** Force a runtime (default: tmux when installed, else process). */
  runtime?: unknown;
  /** Give up after this many seconds (default 120). */
  timeout?: unknown;
}

/** The demo is over when both good PRs are merged and cleaned up and the bad one is stuck. */
function finished(sessions: SessionSnapshot[], cleaned: Set<string>): boolean {
  const by = (issue: string) => sessions.find((s) => s.issue === issue);
  const merged = (issue: string) => {
    const s = by(issue);
    return s?.state === "merged" && cleaned.has(s.id);
  };
  return merged("multiply") && merged("subtract") && by("divide")?.state === "stuck";
}

/**
 * `ao demo`: builds a throw-away repo with a bare remote, three local issues
 * and a scripted agent, runs ao on it (the same config loading, plugin
 * resolution and engine as `ao start`), plays the human reviewer, and prints
 * the timeline. Exit 0 when every scenario ended as scripted.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const json = Boolean(options.json);
  const keep = Boolean(options.keep);
  const runtime = options.runtime === "tmux" || options.runtime === "process" ? options.runtime : undefined;
  const timeoutMs = Number(options.timeout ?? 120) * 1000;
  const world = createWorld(runtime ? { runtime } : {});
  progress(`demo repository: ${world.repo} (runtime: ${world.runtime})`);

  const config = await loadConfig({ command: "demo", explicit: world.config });
  const { engine, built } = await openLocal(config);
  const project = built[0]?.project;
  if (!project) throw new Error("the demo config has no project");
  const start = Date.now();
  const cleaned = new Set<string>();
  let resolveDone: (ok: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => {
    resolveDone = resolve;
  });

  const reviewer = new DemoReviewer(project.plugins.scm, project.ref, (action) => {
    if (!json) {
      const t = paint("dim", `+${((Date.now() - start) / 1000).toFixed(1).padStart(5)}s`);
      say(`${t}  ${paint("bold", action.session.padEnd(8))}    reviewer ${action.did} on PR #${action.pr}`);
    }
  });
  let stopping = false;
  const check = () => {
    if (stopping) return;
    const sessions = engine.sessions();
    void reviewer.consider(sessions).catch((error) => progress(`reviewer: ${(error as Error).message}`));
    if (finished(sessions, cleaned)) resolveDone(true);
  };
  const unsubscribe = engine.subscribe((record: DemoRecord) => {
    if (record.kind === "effect" && record.effect === "cleanup" && record.ok) cleaned.add(record.session);
    if (json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else {
      const line = describeRecord(record, start);
      if (line) say(line);
    }
    setImmediate(check);
  });
  const poll = setInterval(check, 250);
  const timer = setTimeout(() => resolveDone(false), timeoutMs);

  let ok = false;
  let sessions: SessionSnapshot[] = [];
  try {
    await engine.start();
    ok = await done;
  } finally {
    stopping = true;
    clearInterval(poll);
    clearTimeout(timer);
    // Unsubscribe only after the engine has stopped: the effects it finishes while
    // stopping (the last session's issue update and notification) belong in the output.
    // The engine forgets its sessions once stopped: keep their last snapshots.
    sessions = engine.sessions();
    await engine.stop();
    unsubscribe();
  }
  if (!json) summary(sessions, world, ok, Date.now() - start);
  // Agents of sessions that did not finish (the stuck one) still run: stop them,
  // unless --keep asked to leave the demo as it is for a look around.
  if (!keep) {
    for (const s of sessions) {
      if (s.resources.runtime && s.state !== "merged" && s.state !== "closed" && s.state !== "killed") {
        await project.plugins.runtime.destroy(s.resources.runtime).catch(() => {});
      }
    }
  } else {
    const live = sessions.filter((s) => s.state === "stuck").map((s) => s.id);
    if (live.length)
      progress(`still running: ${live.join(", ")} (stop with: ao kill <id> --config ${world.config})`);
  }
  teardown(world, keep);
  return ok ? 0 : 1;
}

function summary(sessions: SessionSnapshot[], world: DemoWorld, ok: boolean, ms: number): void {
  say("");
  for (const s of sessions) {
    const pr = s.facts.pr ? `PR #${s.facts.pr.number}` : "no PR";
    const attempts = Object.entries(s.facts.attempts)
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ");
    say(
      `  ${paint("bold", s.id.padEnd(8))} ${String(s.issue).padEnd(9)} ${s.state.padEnd(8)} ${pr}${attempts ? `  (${attempts})` : ""}`,
    );
  }
  const log = execFileSync("git", ["log", "--oneline", "main"], {
    cwd: world.remote,
    encoding: "utf8",
  }).trim();
  say(`\nThe remote's main branch now:\n${log.replace(/^/gm, "  ")}`);
  say(
    ok
      ? paint("green", `\nDemo finished in ${(ms / 1000).toFixed(1)}s.`)
      : paint("red", `\nDemo did not finish in time (${(ms / 1000).toFixed(1)}s).`),
  );
}

/** Stop what the demo started; keep the files only with --keep. */
function teardown(world: DemoWorld, keep: boolean): void {
  if (world.runtime === "tmux" && !keep) {
    try {
      execFileSync("tmux", ["-L", world.socket, "kill-server"], { stdio: "ignore" });
    } catch {
      // the server is gone once its last session ended
    }
  }
  if (keep) {
    progress(`kept the demo in ${world.root}`);
    process.stderr.write(`${world.root}\n`);
    progress(`look around: ao status --config ${world.config}`);
  } else {
    rmSync(world.root, { recursive: true, force: true });
  }
}
