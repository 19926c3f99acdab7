import type { Issue, ProjectRef, TrackerPlugin } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectAoError } from "../expect-ao-error.js";
import { expectPluginShape, uniqueId } from "./shared.js";

/** An issue to create; the tracker assigns the id. */
export interface IssueSeed {
  title: string;
  body: string;
  labels: string[];
  state?: "open" | "closed";
  /** Only for trackers whose `filters` include `assignee`. */
  assignee?: string;
  /** Only for trackers whose `filters` include `milestone` (the milestone's title). */
  milestone?: string;
}

export interface TrackerFixture extends FixtureBase {
  plugin: TrackerPlugin;
  project: ProjectRef;
  /** Create issues in the tracker (or its fake backend); resolves with them as the tracker reports them. */
  seed(issues: IssueSeed[]): Promise<Issue[]>;
}

const ids = (issues: Issue[]) => issues.map((i) => i.id).sort();

/** The tracker contract's checks. */
export const trackerChecks: Check<TrackerFixture>[] = [
  {
    name: "has the tracker slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "tracker");
    },
  },
  {
    name: "getIssue returns a seeded issue",
    async run(f) {
      const [seeded] = await f.seed([
        { title: "Fix the login page", body: "It `breaks` on $HOME.", labels: ["agent"] },
      ]);
      const issue = await f.plugin.getIssue(f.project, seeded!.id);
      expect(issue).toMatchObject({ id: seeded!.id, title: "Fix the login page", state: "open" });
      expect(issue.body.trim()).toBe("It `breaks` on $HOME.");
      expect(issue.labels).toEqual(["agent"]);
    },
  },
  {
    name: "getIssue of an unknown id rejects with ISSUE_NOT_FOUND",
    async run(f) {
      await expectAoError(f.plugin.getIssue(f.project, uniqueId("no-such-issue")), "ISSUE_NOT_FOUND");
    },
  },
  {
    name: "listIssues filters by labels (all of them) and by state",
    async run(f) {
      const label = uniqueId("agent");
      const [both, one, none, closed] = await f.seed([
        { title: "Both labels", body: "", labels: [label, "bug"] },
        { title: "One label", body: "", labels: [label] },
        { title: "No label", body: "", labels: [] },
        { title: "Closed", body: "", labels: [label], state: "closed" },
      ]);
      expect(ids(await f.plugin.listIssues(f.project, { labels: [label], state: "open" }))).toEqual(
        ids([both!, one!]),
      );
      expect(ids(await f.plugin.listIssues(f.project, { labels: [label, "bug"], state: "open" }))).toEqual([
        both!.id,
      ]);
      expect(ids(await f.plugin.listIssues(f.project, { labels: [label], state: "all" }))).toEqual(
        ids([both!, one!, closed!]),
      );
      const open = ids(await f.plugin.listIssues(f.project, { state: "open" }));
      expect(open).toContain(none!.id);
      expect(open).not.toContain(closed!.id);
    },
  },
  {
    name: "filters (when declared) name only IssueFilter keys and keep labels and state",
    async run(f, ctx) {
      if (!f.plugin.filters) return ctx.skip("the plugin declares no filters: the base set applies");
      expect(f.plugin.filters).toEqual(expect.arrayContaining(["labels", "state"]));
      for (const key of f.plugin.filters)
        expect(["labels", "state", "limit", "assignee", "milestone"]).toContain(key);
    },
  },
  {
    name: "listIssues filters by assignee when the tracker declares it",
    async run(f, ctx) {
      if (!f.plugin.filters?.includes("assignee")) return ctx.skip("the tracker does not filter by assignee");
      const label = uniqueId("mine");
      const who = uniqueId("octo").replace(/[^A-Za-z0-9-]/g, "-");
      const [mine] = await f.seed([
        { title: "Mine", body: "", labels: [label], assignee: who },
        { title: "Nobody's", body: "", labels: [label] },
      ]);
      expect(ids(await f.plugin.listIssues(f.project, { labels: [label], assignee: who }))).toEqual([
        mine!.id,
      ]);
    },
  },
  {
    name: "listIssues filters by milestone when the tracker declares it",
    async run(f, ctx) {
      if (!f.plugin.filters?.includes("milestone"))
        return ctx.skip("the tracker does not filter by milestone");
      const label = uniqueId("ms");
      const [inIt] = await f.seed([
        { title: "In v2", body: "", labels: [label], milestone: "v2" },
        { title: "In v3", body: "", labels: [label], milestone: "v3" },
        { title: "In none", body: "", labels: [label] },
      ]);
      expect(ids(await f.plugin.listIssues(f.project, { labels: [label], milestone: "v2" }))).toEqual([
        inIt!.id,
      ]);
    },
  },
  {
    name: "listIssues honours limit",
    async run(f) {
      const label = uniqueId("many");
      await f.seed([1, 2, 3].map((n) => ({ title: `Issue ${n}`, body: "", labels: [label] })));
      expect(await f.plugin.listIssues(f.project, { labels: [label], limit: 2 })).toHaveLength(2);
    },
  },
  {
    name: "markInProgress, release, markDone and comment resolve",
    async run(f) {
      const [issue] = await f.seed([{ title: "Mark me", body: "", labels: [] }]);
      await f.plugin.markInProgress(f.project, issue!, "contract-1");
      await f.plugin.release(f.project, issue!);
      await f.plugin.markInProgress(f.project, issue!, "contract-1");
      await f.plugin.comment?.(f.project, issue!, "ao is on it");
      await f.plugin.markDone(f.project, issue!);
    },
  },
  {
    name: "branchName (when present) is a safe git branch name",
    async run(f, ctx) {
      if (!f.plugin.branchName) return ctx.skip("the plugin has no branchName()");
      const [issue] = await f.seed([
        { title: "Fix: `rm -rf /` && $(whoami) in ../path", body: "", labels: [] },
      ]);
      const branch = f.plugin.branchName(issue!);
      expect(branch).toMatch(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/);
      expect(branch).not.toMatch(/\.\.|\/\/|\.lock$|\/$|\.$|@\{/);
    },
  },
  {
    name: "webhook (when present) refuses an unsigned delivery",
    async run(f, ctx) {
      if (!f.plugin.webhook) return ctx.skip("the plugin has no webhook() (no secret configured)");
      const body = Buffer.from(JSON.stringify({ action: "closed", issue: { number: 1 } }));
      await expect(
        f.plugin.webhook({ headers: { "content-type": "application/json" }, body }),
      ).rejects.toThrow();
    },
  },
  {
    name: "prompt (when present) holds the title and the body",
    async run(f, ctx) {
      if (!f.plugin.prompt) return ctx.skip("the plugin has no prompt()");
      const [issue] = await f.seed([{ title: "Add dark mode", body: "Use the system setting.", labels: [] }]);
      const prompt = f.plugin.prompt(issue!, f.project);
      expect(prompt).toContain("Add dark mode");
      expect(prompt).toContain("Use the system setting.");
    },
  },
];

/** Register the tracker contract: `trackerContract({ setup: async () => ({ plugin, project, seed, cleanup }) })`. */
export function trackerContract(options: ContractOptions<TrackerFixture>): void {
  registerContract("tracker", options, trackerChecks);
}
