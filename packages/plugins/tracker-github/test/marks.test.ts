import { afterEach, describe, expect, it } from "vitest";
import { type GitHubWorld, githubWorld } from "./fixture.js";

let world: GitHubWorld;
afterEach(async () => {
  await world?.fake.close();
});

const issueOf = (n: number) => world.fake.repoState(world.repo).issues.find((i) => i.number === n);

describe("what ao tells GitHub about an issue", () => {
  it("marks in progress with the label and the token's own user, and release takes both back", async () => {
    world = await githubWorld({ inProgress: "both", inProgressLabel: "ao: working" });
    const n = world.fake.createIssue(world.repo, { title: "Do it", labels: ["agent"] });
    const issue = await world.plugin.getIssue(world.project, String(n));
    await world.plugin.markInProgress(world.project, issue, "app-1");
    expect(issueOf(n)).toMatchObject({ labels: ["agent", "ao: working"], assignees: ["ao-bot"] });
    await world.plugin.release(world.project, issue);
    expect(issueOf(n)).toMatchObject({ labels: ["agent"], assignees: [] });
    // A mark a human already removed is no error.
    await world.plugin.release(world.project, issue);
  });

  it("assigns the configured login and puts no label when inProgress is assignee", async () => {
    world = await githubWorld({ inProgress: "assignee", assignee: "octocat" });
    const n = world.fake.createIssue(world.repo, { title: "Do it" });
    await world.plugin.markInProgress(
      world.project,
      await world.plugin.getIssue(world.project, String(n)),
      "s",
    );
    expect(issueOf(n)).toMatchObject({ labels: [], assignees: ["octocat"] });
  });

  it("markDone closes an issue the PR's closing keyword left open, and leaves a closed one alone", async () => {
    world = await githubWorld();
    const open = world.fake.createIssue(world.repo, { title: "Still open" });
    const issue = await world.plugin.getIssue(world.project, String(open));
    await world.plugin.markInProgress(world.project, issue, "s");
    await world.plugin.markDone(world.project, issue);
    expect(issueOf(open)).toMatchObject({ state: "closed", stateReason: "completed", labels: [] });

    const closed = world.fake.createIssue(world.repo, { title: "Closed by the PR" });
    world.fake.closeIssue(world.repo, closed);
    world.fake.resetRequests();
    await world.plugin.markDone(world.project, await world.plugin.getIssue(world.project, String(closed)));
    expect(world.fake.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("comments with ao's text", async () => {
    world = await githubWorld();
    const n = world.fake.createIssue(world.repo, { title: "Talk" });
    await world.plugin.comment?.(
      world.project,
      await world.plugin.getIssue(world.project, String(n)),
      "ao: PR #3 opened",
    );
    expect(world.fake.repoState(world.repo).comments.map((c) => [c.issue, c.author, c.body])).toEqual([
      [n, "ao-bot", "ao: PR #3 opened"],
    ]);
  });
});
