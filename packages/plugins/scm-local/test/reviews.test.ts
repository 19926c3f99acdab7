import type { ScmEvent } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scmLocal, { localScmState } from "../src/index.js";
import { branchWith, type Fixture, fixture } from "./helpers.js";

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await f.cleanup();
});

const HOSTILE = [
  "$(touch /tmp/ao-pwned) `rm -rf ~` \"quoted\" 'single' ; | && > /dev/null",
  "line one\nline two\r\n\ttabbed",
  "\u202Eevil RTL \u05E9\u05DC\u05D5\u05DD",
  "x".repeat(10 * 1024),
].join("\n");

async function openOne(scm: ReturnType<typeof scmLocal>, title = "Add b"): Promise<number> {
  await branchWith(f, scm, "feature", { "b.txt": "b\n" });
  return (await scm.openPR(f.project, { branch: "feature", base: "main", title, body: HOSTILE })).number;
}

describe("reviews", () => {
  it("the latest approve / request_changes decides; comments do not", async () => {
    const scm = scmLocal();
    const pr = await openOne(scm);
    const decision = async () => (await scm.observe(f.project, [pr])).get(pr)?.review;
    expect(await decision()).toBe("pending");
    await scm.review!(f.project, pr, { decision: "request_changes", body: "rename it", author: "alice" });
    expect(await decision()).toBe("changes_requested");
    await scm.review!(f.project, pr, { decision: "comment", body: "just a thought", author: "alice" });
    expect(await decision()).toBe("changes_requested");
    await scm.review!(f.project, pr, { decision: "approve", body: "", author: "alice" });
    expect(await decision()).toBe("approved");
    expect((await scm.observe(f.project, [pr])).get(pr)?.mergeable).toBe(true);
  });

  it("pushes review events from the state API to subscribers in this process", async () => {
    const scm = scmLocal();
    const pr = await openOne(scm);
    const events: ScmEvent[] = [];
    const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e));
    const state = localScmState(f.project.dataDir);
    await state.review(pr, { decision: "request_changes", body: "no", author: "bob" });
    await state.comment(pr, { body: "on a line", author: "bob", path: "b.txt", line: 1 });
    await state.review(pr, { decision: "approve", body: "ok", author: "bob" });
    unsubscribe();
    await state.review(pr, { decision: "comment", body: "after unsubscribe", author: "bob" });
    expect(events.map((e) => e.type)).toEqual(["changes_requested", "review_comment", "review_approved"]);
    expect(new Set(events.map((e) => e.deliveryId)).size).toBe(3);
    expect(events[0]).toMatchObject({ pr, branch: "feature" });
  });

  it("marks comments trusted by trustedAuthors; untrusted reviews do not decide", async () => {
    const scm = scmLocal({ trustedAuthors: ["alice"] });
    const pr = await openOne(scm);
    const state = localScmState(f.project.dataDir);
    await state.review(pr, { decision: "request_changes", body: "from alice", author: "alice" });
    await state.review(pr, { decision: "approve", body: "from mallory", author: "mallory" });
    await state.comment(pr, { body: "drive-by", author: "mallory" });
    expect((await scm.observe(f.project, [pr])).get(pr)?.review).toBe("changes_requested");
    const comments = await scm.reviewComments(f.project, pr);
    expect(comments.map((c) => [c.author, c.body, c.trusted])).toEqual([
      ["alice", "from alice", true],
      ["mallory", "from mallory", false],
      ["mallory", "drive-by", false],
    ]);
    const everyone = scmLocal();
    expect((await everyone.reviewComments(f.project, pr)).every((c) => c.trusted)).toBe(true);
  });

  it("stores hostile titles, bodies and comments literally", async () => {
    const scm = scmLocal();
    const pr = await openOne(scm, HOSTILE);
    await scm.review!(f.project, pr, { decision: "request_changes", body: HOSTILE, author: "a\nb $(id)" });
    const stored = await localScmState(f.project.dataDir).get(pr);
    expect(stored.title).toBe(HOSTILE);
    expect(stored.body).toBe(HOSTILE);
    const [comment] = await scm.reviewComments(f.project, pr);
    expect(comment).toMatchObject({ body: HOSTILE, author: "a\nb $(id)" });
  });

  it("rejects a bad decision and reviews on a closed PR", async () => {
    const scm = scmLocal();
    const pr = await openOne(scm);
    const state = localScmState(f.project.dataDir);
    await expect(state.review(pr, { decision: "lgtm" as "approve", body: "" })).rejects.toMatchObject({
      code: "REVIEW_INVALID",
    });
    await state.close(pr);
    await expect(state.review(pr, { decision: "approve", body: "" })).rejects.toMatchObject({
      code: "PR_NOT_OPEN",
      hint: expect.stringContaining("new PR"),
    });
    await expect(state.review(99, { decision: "approve", body: "" })).rejects.toMatchObject({
      code: "PR_NOT_FOUND",
    });
  });

  it("two writers at once lose no review", async () => {
    const scm = scmLocal();
    const pr = await openOne(scm);
    const a = localScmState(f.project.dataDir);
    const b = localScmState(f.project.dataDir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).comment(pr, { body: `c${i}`, author: "x" })),
    );
    expect((await a.get(pr)).comments).toHaveLength(20);
  });
});
