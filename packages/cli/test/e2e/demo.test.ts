// `ao demo --json --keep` end to end, on the process runtime and on tmux: each
// session's states and effects, the notifications, the remote's main branch and
// the cleanup, read from the JSON lines the demo prints and the repo it keeps.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { skipWithout } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  type ChildRun,
  digest,
  type Effect,
  git,
  hasTmux,
  inOrder,
  type JournalLine,
  killPid,
  killTmuxServer,
  parseJsonLines,
  plannedEffects,
  ranEffects,
  runCli,
  runtimePids,
  sessionsByIssue,
  showFile,
  statesOf,
  transitionsOf,
  worktrees,
} from "./helpers.js";

/** The reactions sent to an agent, as `reaction#attempt`. */
const sends = (effects: Effect[]) =>
  effects.filter((e) => e.type === "send_to_agent").map((e) => `${e.reaction}#${e.attempt}`);
const count = (effects: Effect[], type: string) => effects.filter((e) => e.type === type).length;

for (const runtime of ["process", "tmux"] as const) {
  // Without tmux the tmux half is skipped with the reason printed; under AO_TEST_FULL=1 it fails instead.
  describe.skipIf(runtime === "tmux" && skipWithout("tmux", hasTmux))(
    `ao demo --json --keep --runtime ${runtime}`,
    () => {
      let run: ChildRun;
      let records: JournalLine[] = [];
      let parseError: Error | null = null;
      let root = "";
      const ids = new Map<string, string>();
      const id = (issue: string) => ids.get(issue) ?? `<no session for ${issue}>`;

      beforeAll(async () => {
        run = await runCli(["demo", "--json", "--keep", "--runtime", runtime], { timeoutMs: 150_000 });
        // `--keep` prints the kept root on stderr; the first progress line names it even when the demo fails.
        root =
          /kept the demo in (\S+)/.exec(run.stderr)?.[1] ??
          /demo repository: (\S+)\/repo\b/.exec(run.stderr)?.[1] ??
          "";
        try {
          records = parseJsonLines(run.stdout, "ao demo --json stdout");
        } catch (error) {
          parseError = error as Error;
        }
        for (const [issue, sessions] of sessionsByIssue(records)) ids.set(issue, sessions[0] as string);
      }, 180_000);

      afterAll(() => {
        // The stuck divide session's agent is left running by --keep: stop it, then the files.
        if (run) killTmuxServer(`ao-demo-${run.pid}`);
        for (const pid of runtimePids(records)) killPid(pid);
        if (root.includes("ao-demo-")) rmSync(root, { recursive: true, force: true });
      });

      const explain = () => onTestFailed(() => console.error(digest(run?.stderr ?? "", records)));

      it("exits 0 in under a minute and prints only JSON lines", () => {
        explain();
        expect(parseError).toBeNull();
        expect(run.code).toBe(0);
        expect(run.ms).toBeLessThan(60_000);
        expect(records.length).toBeGreaterThan(20);
        for (const r of records) expect(typeof r.kind).toBe("string");
        expect([...ids.keys()].sort()).toEqual(["divide", "multiply", "subtract"]);
        expect(root).toMatch(/ao-demo-/);
      });

      it("multiply: CI fails once, a change request is addressed, then it is auto-merged", () => {
        explain();
        const states = statesOf(records, id("multiply"));
        expect(
          inOrder(states, [
            "working",
            "pr_open",
            "ci_failed",
            "pr_open",
            "review_pending",
            "changes_requested",
            "mergeable",
            "merged",
          ]),
          states.join(" → "),
        ).toBe(true);
        const planned = plannedEffects(records, id("multiply"));
        expect(sends(planned)).toEqual(["ci-failed#1", "changes-requested#1"]);
        expect(count(planned, "push")).toBeGreaterThanOrEqual(3);
        expect(count(planned, "open_pr")).toBe(1);
        expect(count(planned, "merge")).toBe(1);
        expect(planned.filter((e) => e.type === "cleanup")).toEqual([{ type: "cleanup", reason: "merged" }]);
        const ran = ranEffects(records, id("multiply"));
        for (const effect of ["push", "open_pr", "send_to_agent", "merge", "cleanup", "update_issue"]) {
          expect(ran.filter((r) => r.effect === effect).length, effect).toBeGreaterThan(0);
        }
        expect(ran.filter((r) => !r.ok)).toEqual([]);
      });

      it("subtract: green, conflicts once multiply is merged, rebased on instruction, then merged", () => {
        explain();
        const states = statesOf(records, id("subtract"));
        expect(
          inOrder(states, ["working", "pr_open", "review_pending", "merge_conflict", "mergeable", "merged"]),
          states.join(" → "),
        ).toBe(true);
        expect(states).not.toContain("ci_failed");
        const multiplyMerged = transitionsOf(records, id("multiply")).find((t) => t.to === "merged");
        const conflict = transitionsOf(records, id("subtract")).find((t) => t.to === "merge_conflict");
        expect(conflict?.seq).toBeGreaterThan(multiplyMerged?.seq ?? Number.POSITIVE_INFINITY);
        const planned = plannedEffects(records, id("subtract"));
        expect(sends(planned)).toEqual(["merge-conflict#1"]);
        expect(count(planned, "open_pr")).toBe(1);
        expect(count(planned, "merge")).toBe(1);
        expect(count(planned, "push")).toBeGreaterThanOrEqual(2);
        expect(ranEffects(records, id("subtract")).filter((r) => !r.ok)).toEqual([]);
      });

      it("divide: CI never goes green; after two auto retries it is escalated to stuck", () => {
        explain();
        const transitions = transitionsOf(records, id("divide"));
        expect(statesOf(records, id("divide")).at(-1)).toBe("stuck");
        const planned = plannedEffects(records, id("divide"));
        expect(sends(planned)).toEqual(["ci-failed#1", "ci-failed#2"]);
        expect(count(planned, "merge")).toBe(0);
        expect(count(planned, "cleanup")).toBe(0);
        const toStuck = transitions.find((t) => t.to === "stuck");
        expect(toStuck?.effects).toEqual([
          expect.objectContaining({ type: "notify", kind: "escalated", reaction: "ci-failed" }),
        ]);
        // Two retries happened: the PR had three heads (first push + two fixes).
        expect(count(planned, "push")).toBe(3);
      });

      it("sends exactly three notifications: divide escalated, multiply and subtract merged", () => {
        explain();
        const issueOf = new Map([...ids].map(([issue, session]) => [session, issue]));
        const planned = records
          .filter((r) => r.kind === "transition")
          .flatMap((r) =>
            (r.effects as Effect[])
              .filter((e) => e.type === "notify")
              .map((e) => `${issueOf.get(r.session as string)}:${e.kind}`),
          );
        expect(planned.sort()).toEqual(["divide:escalated", "multiply:merged", "subtract:merged"]);
        const sent = records.filter((r) => r.kind === "effect" && r.effect === "notify");
        expect(sent.map((r) => `${issueOf.get(r.session as string)}:${r.ok}`).sort()).toEqual([
          "divide:true",
          "multiply:true",
          "subtract:true",
        ]);
      });

      it("leaves the agents' merged work on the remote's main branch", () => {
        explain();
        const remote = join(root, "remote.git");
        const multiply = showFile(remote, "main", "src/multiply.js") ?? "";
        expect(multiply).toContain("a * b");
        expect(multiply).toMatch(/\/\*\*[\s\S]*\*\//);
        expect(showFile(remote, "main", "src/subtract.js")).toContain("a - b");
        expect(showFile(remote, "main", "tests/multiply.test.js")).not.toBeNull();
        const features = showFile(remote, "main", "FEATURES.md") ?? "";
        expect(features).toContain("- multiply(a, b)");
        expect(features).toContain("- subtract(a, b)");
        expect(features).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
        expect(showFile(remote, "main", "src/divide.js")).toBeNull();
      });

      it("removes the worktrees and local branches of merged sessions, keeps the stuck one's", () => {
        explain();
        const repo = join(root, "repo");
        const paths = new Map<string, string>();
        for (const r of records) {
          const data = r.data as { path?: string } | undefined;
          if (r.kind === "step" && r.step === "workspace" && data?.path)
            paths.set(r.session as string, data.path);
        }
        const listed = worktrees(repo);
        for (const issue of ["multiply", "subtract"]) {
          const path = paths.get(id(issue)) as string;
          expect(path, issue).toBeTruthy();
          expect(listed).not.toContain(path);
          expect(existsSync(path)).toBe(false);
        }
        expect(listed).toContain(paths.get(id("divide")));
        const branches = git(repo, ["branch", "--format=%(refname:short)"]).split("\n");
        expect(branches.filter((b) => b.startsWith("ao/")).map((b) => b.split("-")[0])).toEqual([
          "ao/divide",
        ]);
      });
    },
  );
}
