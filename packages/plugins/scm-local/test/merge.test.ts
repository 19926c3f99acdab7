import { git } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scmLocal, { localScmState } from "../src/index.js";
import { BROKEN_ADD, branchWith, commitFiles, type Fixture, fixture, waitForCi } from "./helpers.js";

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await f.cleanup();
});

const show = (ref: string) => git(f.repo.remote, ["show", ref]);
const parents = async (ref: string) =>
  (await git(f.repo.remote, ["rev-list", "--parents", "-n1", ref])).split(" ").length - 1;

async function approvedPr(scm: ReturnType<typeof scmLocal>, branch: string, files: Record<string, string>) {
  await branchWith(f, scm, branch, files);
  const pr = await scm.openPR(f.project, { branch, base: "main", title: `Title of ${branch}`, body: "Body" });
  await localScmState(f.project.dataDir).review(pr.number, { decision: "approve", body: "", author: "lead" });
  return pr.number;
}

/** The PR's head on the remote: the SHA a merge must name. */
const headOf = async (scm: ReturnType<typeof scmLocal>, pr: number) =>
  (await scm.getPR(f.project, pr)).headSha as string;

describe("merge", () => {
  it("merges with a merge commit into the bare repo's default branch", async () => {
    const scm = scmLocal();
    const head = await branchWith(f, scm, "feature", { "b.txt": "b\n" });
    const { number } = await scm.openPR(f.project, {
      branch: "feature",
      base: "main",
      title: "Add b",
      body: "",
    });
    await scm.review!(f.project, number, { decision: "approve", body: "" });
    const events: string[] = [];
    const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e.type));
    await scm.merge(f.project, number, { sha: head });
    await new Promise((r) => setTimeout(r, 100));
    unsubscribe();
    expect(await show("main:b.txt")).toBe("b");
    expect(await parents("main")).toBe(2);
    expect(await git(f.repo.remote, ["rev-parse", "main^2"])).toBe(head);
    expect(await git(f.repo.remote, ["log", "-1", "--format=%s", "main"])).toBe(
      "Merge pull request #1 from feature",
    );
    expect((await scm.observe(f.project, [number])).get(number)).toMatchObject({
      state: "merged",
      mergeable: null,
    });
    expect(events).toEqual(["pr_merged"]);
    await expect(scm.merge(f.project, number, { sha: head })).rejects.toMatchObject({
      code: "MERGE_REFUSED",
    });
  });

  it("squashes when asked, per call or by option", async () => {
    const scm = scmLocal({ mergeMethod: "squash" });
    const pr = await approvedPr(scm, "feature", { "b.txt": "b\n" });
    await scm.merge(f.project, pr, { sha: await headOf(scm, pr) });
    expect(await parents("main")).toBe(1);
    expect(await git(f.repo.remote, ["log", "-1", "--format=%s", "main"])).toBe("Title of feature (#1)");
    expect(await show("main:b.txt")).toBe("b");
    const other = await approvedPr(scm, "other", { "c.txt": "c\n" });
    await scm.merge(f.project, other, { sha: await headOf(scm, other), method: "merge" });
    expect(await parents("main")).toBe(2);
    await expect(
      scm.merge(f.project, 1, { sha: await headOf(scm, 1), method: "rebase" }),
    ).rejects.toMatchObject({
      code: "MERGE_METHOD_UNSUPPORTED",
    });
  });

  it("detects a conflict after another branch merges, and refuses to merge it", async () => {
    const scm = scmLocal();
    const first = await approvedPr(scm, "first", { "README.md": "# first\n" });
    const second = await approvedPr(scm, "second", { "README.md": "# second\n" });
    expect((await scm.observe(f.project, [second])).get(second)).toMatchObject({
      conflict: false,
      mergeable: true,
    });
    await scm.merge(f.project, first, { sha: await headOf(scm, first) });
    expect((await scm.observe(f.project, [second])).get(second)).toMatchObject({
      conflict: true,
      mergeable: false,
    });
    await expect(
      scm.merge(f.project, second, { sha: await headOf(scm, second), force: true } as never),
    ).rejects.toMatchObject({
      code: "MERGE_REFUSED",
      message: expect.stringContaining("conflicts with main"),
    });
    // Resolved by a rebase on the new main: the conflict clears.
    await f.repo.git(["fetch", "--quiet", "origin"]);
    await f.repo.git(["checkout", "--quiet", "-B", "second", "origin/main"]);
    await f.repo.git(["commit", "--quiet", "--allow-empty", "-m", "rebased"]);
    await f.repo.git([
      "update-ref",
      "refs/remotes/origin/second",
      (await scm.remoteHead(f.project, "second")) as string,
    ]);
    await scm.push(f.project, { path: f.repo.path, branch: "second" });
    expect((await scm.observe(f.project, [second])).get(second)).toMatchObject({ conflict: false });
  });

  it("refuses an unapproved or red PR unless forced", async () => {
    const scm = scmLocal({ ci: "node test.js" });
    await branchWith(f, scm, "red", BROKEN_ADD);
    const { number } = await scm.openPR(f.project, { branch: "red", base: "main", title: "red", body: "" });
    await waitForCi(scm, f.project, number);
    const sha = await headOf(scm, number);
    await expect(scm.merge(f.project, number, { sha })).rejects.toMatchObject({
      code: "MERGE_REFUSED",
      message: expect.stringMatching(/not approved.*CI is failed/),
    });
    const before = await git(f.repo.remote, ["rev-parse", "main"]);
    expect(await git(f.repo.remote, ["rev-parse", "main"])).toBe(before);
    await scm.merge(f.project, number, { sha, force: true } as never);
    expect(await show("main:src/add.js")).toContain("a - b");
  });

  it("merges a PR whose title and body hold NUL and control bytes, with the bytes stripped", async () => {
    for (const method of ["merge", "squash"] as const) {
      const scm = scmLocal({ mergeMethod: method });
      const branch = `hostile-${method}`;
      await branchWith(f, scm, branch, { [`${method}.txt`]: "x\n" });
      const pr = await scm.openPR(f.project, {
        branch,
        base: "main",
        title: `Fix\u0000 the\u0003 login\u001b[31m page ${method}`,
        body: "Body\u0000 with\u001b]0;evil\u0007 bytes\r\nand lines",
      });
      await localScmState(f.project.dataDir).review(pr.number, {
        decision: "approve",
        body: "",
        author: "lead",
      });
      await scm.merge(f.project, pr.number, { sha: await headOf(scm, pr.number) });
      const message = await git(f.repo.remote, ["log", "-1", "--format=%B", "main"]);
      expect(message).toContain(`Fix the login page ${method}`);
      expect(message).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      if (method === "squash") expect(message).toContain("Body with bytes\nand lines");
    }
  });

  it("refuses a branch pushed after approval (HEAD_MOVED), merges nothing, and needs a new approval", async () => {
    const scm = scmLocal();
    const pr = await approvedPr(scm, "feature", { "b.txt": "b\n" });
    const approved = await headOf(scm, pr);
    expect((await scm.observe(f.project, [pr])).get(pr)?.review).toBe("approved");
    // A push after the approval.
    await f.repo.git(["checkout", "--quiet", "feature"]);
    await commitFiles(f, { "unreviewed.txt": "sneaky\n" }, "after approval");
    await scm.push(f.project, { path: f.repo.path, branch: "feature" });
    const before = await git(f.repo.remote, ["rev-parse", "main"]);
    await expect(scm.merge(f.project, pr, { sha: approved })).rejects.toMatchObject({ code: "HEAD_MOVED" });
    expect(await git(f.repo.remote, ["rev-parse", "main"])).toBe(before);
    expect((await scm.getPR(f.project, pr)).state).toBe("open");
    // The approval was for the old head: the new one is back to review.
    expect((await scm.observe(f.project, [pr])).get(pr)?.review).toBe("pending");
  });

  it("merges two PRs of one repository at the same moment, both landing", async () => {
    const scm = scmLocal();
    const a = await approvedPr(scm, "a", { "a.txt": "a\n" });
    const b = await approvedPr(scm, "b", { "b2.txt": "b\n" });
    const [shaA, shaB] = [await headOf(scm, a), await headOf(scm, b)];
    const results = await Promise.allSettled([
      scm.merge(f.project, a, { sha: shaA }),
      scm.merge(f.project, b, { sha: shaB }),
    ]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
    expect(await show("main:a.txt")).toBe("a");
    expect(await show("main:b2.txt")).toBe("b");
    expect((await scm.getPR(f.project, a)).state).toBe("merged");
    expect((await scm.getPR(f.project, b)).state).toBe("merged");
  });
});
