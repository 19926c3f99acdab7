// The demo scenario with the daemon (`ao start`) SIGKILLed at three random
// points and restarted each time; the test plays the demo's reviewer through
// scm-local. The seed is printed; AO_CRASH_SEED=<seed> replays the kill delays
// (timing still varies); AO_E2E_KEEP=1 keeps the world for a post-mortem.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { localScmState } from "@ao/scm-local";
import { skipWithout } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createWorld, type DemoWorld } from "../../src/demo/world.js";
import { Daemon, prng, type StatusSession, status } from "./daemon.js";
import {
  digest,
  git,
  hasTmux,
  journalFiles,
  type JournalLine,
  killPid,
  killTmuxServer,
  parseJsonLines,
  readText,
  showFile,
  tmuxSessions,
  worktrees,
} from "./helpers.js";
import { reviewOnce } from "./reviewer.js";

const seed = Number(process.env.AO_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The runtime pid(s) each session's agent got (the process runtime records them). */
function pidsBySession(records: JournalLine[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const r of records) {
    const pid = (r as { data?: { data?: { pid?: unknown } } }).data?.data?.pid;
    if (r.kind !== "step" || r.step !== "runtime" || typeof pid !== "number") continue;
    map.set(r.session as string, [...(map.get(r.session as string) ?? []), pid]);
  }
  return map;
}

const tryGit = (cwd: string, args: string[]) => {
  try {
    return git(cwd, args);
  } catch {
    return "";
  }
};

/** Whether a pid runs; a zombie (killed, not yet reaped by whoever adopted it) does not count. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readText(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
};

for (const runtime of ["process", "tmux"] as const) {
  // Without tmux the tmux half is skipped with the reason printed; under AO_TEST_FULL=1 it fails instead.
  describe.skipIf(runtime === "tmux" && skipWithout("tmux", hasTmux))(
    `the demo scenario survives SIGKILL (${runtime})`,
    () => {
      let world: DemoWorld;
      let daemon: Daemon;
      let sessions: StatusSession[] = [];
      let records: JournalLine[] = [];
      const timeline: string[] = [];
      const projectDir = () => join(world.home, "projects", "demo");
      const readJournal = (): JournalLine[] =>
        journalFiles(projectDir()).flatMap((f) => parseJsonLines(readText(f), f));

      beforeAll(async () => {
        world = createWorld({ runtime });
        daemon = new Daemon(world.config);
        const rand = prng(seed + (runtime === "tmux" ? 1 : 0));
        // Each kill lands 0.3-4 s after the previous (re)start: during start-up and recovery as well as mid-scenario.
        const delays = [0, 1, 2].map(() => 300 + Math.floor(rand() * 3700));
        console.log(
          `demo-crash (${runtime}): seed ${seed} (replay with AO_CRASH_SEED=${seed}); kill delays ${delays.join(", ")} ms`,
        );
        const scm = localScmState(join(projectDir(), "plugins"));
        const t0 = Date.now();
        const at = () => `+${((Date.now() - t0) / 1000).toFixed(1)}s`;
        const finished = () =>
          ["multiply", "subtract"].every((i) =>
            sessions.some((s) => s.issue === i && s.state === "merged"),
          ) &&
          sessions.some((s) => s.issue === "divide" && s.state === "stuck") &&
          worktrees(world.repo).length === 2;

        daemon.start();
        let kills = 0;
        let nextKill = Date.now() + (delays[0] as number);
        while (Date.now() - t0 < 150_000) {
          try {
            sessions = await status(world.config);
          } catch {
            // no journal yet right after the first start
          }
          for (const action of await reviewOnce(scm, sessions)) timeline.push(`${at()} reviewer ${action}`);
          if (kills < 3 && Date.now() >= nextKill) {
            await daemon.stop("SIGKILL");
            const states = sessions.map((s) => `${s.issue}=${s.state}`).join(" ");
            timeline.push(`${at()} SIGKILL #${kills + 1} (${states || "no sessions yet"})`);
            daemon.start();
            kills++;
            nextKill = Date.now() + (delays[kills] ?? 0);
          }
          if (kills === 3 && finished()) break;
          await sleep(150);
        }
        timeline.push(`${at()} end: ${sessions.map((s) => `${s.issue}=${s.state}`).join(" ")}`);
        await daemon.stop("SIGTERM");
        for (const pr of await scm.list().catch(() => [])) {
          const runs = pr.ciRuns.map((r) => `${r.sha.slice(0, 7)}:${r.status}`).join(" ");
          const reviews = pr.reviews.map((r) => `${r.decision}@${r.headSha?.slice(0, 7)}`).join(" ");
          timeline.push(
            `PR #${pr.number} ${pr.branch} ${pr.state} head ${pr.headSha?.slice(0, 7)}; ci ${runs}; ${reviews}`,
          );
        }
        for (const s of sessions) {
          const tree = join(world.home, "worktrees", "demo", s.id);
          const local = existsSync(tree) ? tryGit(tree, ["rev-parse", "--short", "HEAD"]) : "(no worktree)";
          const pushed = tryGit(world.remote, [
            "rev-parse",
            "--short",
            "--verify",
            "--quiet",
            `refs/heads/${s.branch}`,
          ]);
          timeline.push(`${s.id} ${s.issue}: local head ${local}, remote branch ${pushed || "(none)"}`);
        }
        console.log(timeline.join("\n"));
        // Lenient here (a torn line must not hide the other results); the journal test is strict.
        records = journalFiles(projectDir()).flatMap((f) =>
          readText(f)
            .split("\n")
            .flatMap((line) => {
              try {
                return [JSON.parse(line) as JournalLine];
              } catch {
                return [];
              }
            }),
        );
      }, 200_000);

      afterAll(async () => {
        await daemon?.stop("SIGKILL");
        if (!world) return;
        // AO_E2E_KEEP=1 keeps the world (and its agents) for a post-mortem.
        if (process.env.AO_E2E_KEEP) return console.log(`kept ${world.root} (tmux -L ${world.socket})`);
        killTmuxServer(world.socket);
        for (const pids of pidsBySession(records).values()) for (const pid of pids) killPid(pid);
        rmSync(world.root, { recursive: true, force: true });
      });

      const explain = () =>
        onTestFailed(() =>
          console.error(`seed ${seed}\n${timeline.join("\n")}\n${digest(daemon.log, records, 60)}`),
        );
      const byIssue = (issue: string) => sessions.filter((s) => s.issue === issue);

      it("was killed three times and every session ended as in the plain run", () => {
        explain();
        expect(daemon.starts).toBe(4);
        expect(sessions.map((s) => s.issue).sort()).toEqual(["divide", "multiply", "subtract"]);
        expect(byIssue("multiply")[0]?.state).toBe("merged");
        expect(byIssue("subtract")[0]?.state).toBe("merged");
        expect(byIssue("divide")[0]?.state).toBe("stuck");
        expect(byIssue("divide")[0]?.attempts["ci-failed"]).toBe(2);
        const remote = world.remote;
        expect(showFile(remote, "main", "src/multiply.js")).toContain("a * b");
        expect(showFile(remote, "main", "src/subtract.js")).toContain("a - b");
        expect(showFile(remote, "main", "FEATURES.md")).toMatch(
          /- multiply\(a, b\)[\s\S]*- subtract\(a, b\)|- subtract\(a, b\)[\s\S]*- multiply\(a, b\)/,
        );
        expect(showFile(remote, "main", "src/divide.js")).toBeNull();
      });

      it("opened exactly one PR per session", () => {
        explain();
        const prs = readdirSync(join(projectDir(), "plugins", "prs")).filter((f) => f.endsWith(".json"));
        const branches = prs.map(
          (f) =>
            (JSON.parse(readFileSync(join(projectDir(), "plugins", "prs", f), "utf8")) as { branch: string })
              .branch,
        );
        expect(branches.sort()).toEqual(sessions.map((s) => s.branch).sort());
      });

      it("leaves no orphan worktree, agent or local branch; only the stuck session's remain", () => {
        explain();
        const divide = byIssue("divide")[0] as StatusSession;
        const trees = worktrees(world.repo);
        expect(trees).toHaveLength(2);
        expect(trees[0]).toBe(world.repo);
        const local = git(world.repo, ["branch", "--format=%(refname:short)"]).split("\n");
        expect(local.filter((b) => b.startsWith("ao/"))).toEqual([divide.branch]);
        if (runtime === "tmux") {
          expect(tmuxSessions(world.socket)).toHaveLength(1);
          expect(tmuxSessions(world.socket)[0]).toContain(divide.id);
        } else {
          for (const [session, pids] of pidsBySession(records)) {
            const running = pids.filter(alive);
            expect(running.length, `${session}: agents still running ${running.join(", ")}`).toBe(
              session === divide.id ? 1 : 0,
            );
          }
        }
      });

      it("keeps on the remote only the sessions' branches, the merged ones fully merged into main", () => {
        explain();
        // scm-local keeps a merged PR's branch (as a hosted SCM does unless told to delete it).
        const remoteBranches = git(world.remote, ["for-each-ref", "--format=%(refname:short)", "refs/heads/"])
          .split("\n")
          .filter((b) => b !== "main");
        expect(remoteBranches.sort()).toEqual(sessions.map((s) => s.branch).sort());
        for (const s of sessions.filter((x) => x.state === "merged")) {
          expect(
            () => git(world.remote, ["merge-base", "--is-ancestor", s.branch, "main"]),
            s.branch,
          ).not.toThrow();
        }
      });

      it("has a journal that parses completely, in sequence order", () => {
        explain();
        const files = journalFiles(projectDir());
        expect(files.length).toBeGreaterThan(0);
        expect(() => readJournal()).not.toThrow();
        const seqs = records.map((r) => r.seq);
        for (let i = 1; i < seqs.length; i++)
          expect(seqs[i], `record ${i}`).toBeGreaterThan(seqs[i - 1] as number);
      });
    },
  );
}
