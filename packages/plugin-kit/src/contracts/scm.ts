import type { ProjectRef, ScmPlugin, WorkspaceInfo } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { waitFor } from "../wait-for.js";
import { expectPluginShape } from "./shared.js";

/** Ways to make things happen on the SCM that the plugin alone cannot (a CI run, a reviewer). */
export interface ScmDrive {
  ciPassed?(pr: number): Promise<void>;
  /** Make CI fail; the failure log should contain `log`. */
  ciFailed?(pr: number, log: string): Promise<void>;
  approve?(pr: number): Promise<void>;
  requestChanges?(pr: number, body: string): Promise<void>;
  /** Close the PR without merging, as a human would. */
  close?(pr: number): Promise<void>;
}

export interface ScmFixture extends FixtureBase {
  plugin: ScmPlugin;
  project: ProjectRef;
  /** A workspace on a session branch that has commits the remote does not have yet. */
  workspaceWithCommits: WorkspaceInfo;
  drive?: ScmDrive;
  /** How long CI and reviews may take to show in `observe` (default 20_000 ms). */
  settleTimeoutMs?: number;
}

const open = async (f: ScmFixture) => {
  await f.plugin.push(f.project, f.workspaceWithCommits);
  return f.plugin.openPR(f.project, {
    branch: f.workspaceWithCommits.branch,
    base: f.project.defaultBranch,
    title: "ao contract: a change",
    body: "Opened by the ao scm contract.",
  });
};

const status = async (f: ScmFixture, pr: number) => {
  const map = await f.plugin.observe(f.project, [pr]);
  return map.get(pr);
};

/** How the contract approves a PR: the fixture's drive, else the plugin's own review(). */
const approver = (f: ScmFixture) =>
  f.drive?.approve ??
  (f.plugin.review && ((n: number) => f.plugin.review!(f.project, n, { decision: "approve", body: "LGTM" })));

/** Open a PR, let CI pass and approve it; returns the PR with its head SHA. */
async function approvedAndGreen(f: ScmFixture, approve: (pr: number) => Promise<void>) {
  const opened = await open(f);
  await f.drive?.ciPassed?.(opened.number);
  await approve(opened.number);
  await waitFor(async () => (await status(f, opened.number))?.review === "approved", {
    timeoutMs: f.settleTimeoutMs ?? 20_000,
    what: "review to be approved",
  });
  const pr = await f.plugin.getPR(f.project, opened.number);
  expect(pr.headSha).toMatch(/^[0-9a-f]{7,64}$/);
  return pr;
}

/** The scm contract's checks. */
export const scmChecks: Check<ScmFixture>[] = [
  {
    name: "has the scm slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "scm");
    },
  },
  {
    name: "push publishes the branch and remoteHead reports it",
    async run(f) {
      const branch = f.workspaceWithCommits.branch;
      expect(await f.plugin.remoteHead(f.project, branch)).toBeNull();
      const { headSha } = await f.plugin.push(f.project, f.workspaceWithCommits);
      expect(headSha).toMatch(/^[0-9a-f]{7,64}$/);
      expect(await f.plugin.remoteHead(f.project, branch)).toBe(headSha);
      // Pushing again with nothing new is harmless.
      expect((await f.plugin.push(f.project, f.workspaceWithCommits)).headSha).toBe(headSha);
    },
  },
  {
    name: "openPR opens a PR that findPR and getPR return",
    async run(f) {
      expect(await f.plugin.findPR(f.project, f.workspaceWithCommits.branch)).toBeNull();
      const pr = await open(f);
      expect(pr).toMatchObject({ branch: f.workspaceWithCommits.branch, state: "open" });
      expect(Number.isInteger(pr.number)).toBe(true);
      expect(pr.url.length).toBeGreaterThan(0);
      expect(await f.plugin.findPR(f.project, pr.branch)).toMatchObject({ number: pr.number, state: "open" });
      const got = await f.plugin.getPR(f.project, pr.number);
      expect(got).toMatchObject({ number: pr.number, branch: pr.branch });
      // The title is optional; when reported, it is the one the PR was opened with.
      if (got.title !== undefined) expect(got.title).toBe("ao contract: a change");
    },
  },
  {
    name: "observe returns one map with the status of every requested PR",
    async run(f) {
      const pr = await open(f);
      const map = await f.plugin.observe(f.project, [pr.number]);
      expect(map).toBeInstanceOf(Map);
      expect([...map.keys()]).toEqual([pr.number]);
      const s = map.get(pr.number)!;
      expect(s).toMatchObject({ number: pr.number, branch: pr.branch, state: "open" });
      expect(["none", "pending", "passed", "failed"]).toContain(s.ci);
      expect(["none", "pending", "approved", "changes_requested"]).toContain(s.review);
      expect([true, false, null]).toContain(s.mergeable);
      expect(typeof s.conflict).toBe("boolean");
      expect((await f.plugin.observe(f.project, [])).size).toBe(0);
    },
  },
  {
    name: "a CI failure shows in observe and ciFailureLog has its tail",
    async run(f, ctx) {
      if (!f.drive?.ciFailed) return ctx.skip("no drive.ciFailed hook");
      const pr = await open(f);
      await f.drive.ciFailed(pr.number, "ao-contract: test failed");
      await waitFor(async () => (await status(f, pr.number))?.ci === "failed", {
        timeoutMs: f.settleTimeoutMs ?? 20_000,
        what: "ci to be failed",
      });
      expect(await f.plugin.ciFailureLog(f.project, pr.number)).toContain("ao-contract: test failed");
    },
  },
  {
    name: "requested changes show in observe and reviewComments",
    async run(f, ctx) {
      const drive = f.drive?.requestChanges;
      const review = f.plugin.review;
      if (!drive && !review) return ctx.skip("neither drive.requestChanges nor review()");
      const pr = await open(f);
      const body = "Please rename `foo` to $(bar).";
      if (drive) await drive(pr.number, body);
      else await review!(f.project, pr.number, { decision: "request_changes", body });
      await waitFor(async () => (await status(f, pr.number))?.review === "changes_requested", {
        timeoutMs: f.settleTimeoutMs ?? 20_000,
        what: "review to be changes_requested",
      });
      const comments = await f.plugin.reviewComments(f.project, pr.number);
      expect(comments.some((c) => c.body.includes(body))).toBe(true);
      for (const c of comments) {
        expect(typeof c.trusted).toBe("boolean");
        // A line comment's thread, when reported, says whether it still needs work.
        if (c.thread)
          expect([typeof c.thread.id, typeof c.thread.resolved, typeof c.thread.outdated]).toEqual([
            "string",
            "boolean",
            "boolean",
          ]);
      }
    },
  },
  {
    name: "merge refuses a head that is not the PR's (HEAD_MOVED) and changes nothing",
    async run(f, ctx) {
      const approve = approver(f);
      if (!approve) return ctx.skip("neither drive.approve nor review()");
      const pr = await approvedAndGreen(f, approve);
      const base = await f.plugin.remoteHead(f.project, f.project.defaultBranch);
      const stale = pr.headSha === "0".repeat(40) ? "1".repeat(40) : "0".repeat(40);
      await expect(f.plugin.merge(f.project, pr.number, { sha: stale })).rejects.toMatchObject({
        code: "HEAD_MOVED",
      });
      expect((await f.plugin.getPR(f.project, pr.number)).state).toBe("open");
      expect(await f.plugin.remoteHead(f.project, f.project.defaultBranch)).toBe(base);
    },
  },
  {
    name: "an approved, green PR merges at its head and is no longer found as open",
    async run(f, ctx) {
      const approve = approver(f);
      if (!approve) return ctx.skip("neither drive.approve nor review()");
      const pr = await approvedAndGreen(f, approve);
      await f.plugin.merge(f.project, pr.number, { sha: pr.headSha as string });
      expect((await f.plugin.getPR(f.project, pr.number)).state).toBe("merged");
      expect((await status(f, pr.number))?.state).toBe("merged");
      expect(await f.plugin.findPR(f.project, pr.branch)).toBeNull();
    },
  },
  {
    name: "budget (when present) answers without a request, with whole numbers per resource",
    async run(f, ctx) {
      if (!f.plugin.budget) return ctx.skip("the plugin has no budget()");
      await f.plugin.observe(f.project, []);
      for (const b of f.plugin.budget()) {
        expect(typeof b.resource).toBe("string");
        expect(Number.isInteger(b.remaining) && Number.isInteger(b.limit)).toBe(true);
        expect(b.remaining).toBeLessThanOrEqual(b.limit);
        expect(Number.isFinite(b.resetAt)).toBe(true);
      }
    },
  },
  {
    name: "subscribe (when present) returns an unsubscribe function",
    async run(f, ctx) {
      if (!f.plugin.subscribe) return ctx.skip("the plugin has no subscribe()");
      const stop = f.plugin.subscribe(f.project, () => {});
      expect(typeof stop).toBe("function");
      stop();
    },
  },
  {
    name: "reopenPR (when present) reopens a PR closed without merge",
    async run(f, ctx) {
      const reopen = f.plugin.reopenPR?.bind(f.plugin);
      if (!reopen) return ctx.skip("the plugin has no reopenPR()");
      if (!f.drive?.close) return ctx.skip("no drive.close hook");
      const pr = await open(f);
      await f.drive.close(pr.number);
      expect(await f.plugin.findPR(f.project, pr.branch)).toBeNull();
      const back = await reopen(f.project, pr.number);
      expect(back).toMatchObject({ number: pr.number, branch: pr.branch, state: "open" });
      expect(await f.plugin.findPR(f.project, pr.branch)).toMatchObject({ number: pr.number });
    },
  },
  {
    name: "webhook (when present) rejects a delivery without a valid signature",
    async run(f, ctx) {
      if (!f.plugin.webhook) return ctx.skip("the plugin has no webhook()");
      await expect(f.plugin.webhook({ headers: {}, body: Buffer.from("[]") })).rejects.toThrow();
    },
  },
];

/**
 * Register the scm contract:
 * `scmContract({ setup: async () => ({ plugin, project, workspaceWithCommits, cleanup, drive }) })`.
 */
export function scmContract(options: ContractOptions<ScmFixture>): void {
  registerContract("scm", options, scmChecks);
}
