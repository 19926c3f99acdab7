import { describe, expect, it } from "vitest";
import { ciOf, type GqlPullRequest, mergeableOf, observeQuery, prStatusOf, reviewOf } from "./pr-status.js";

const HEAD = "a".repeat(40);
const OLD = "b".repeat(40);

function pr(over: Partial<GqlPullRequest> = {}, rollup: string | null = null): GqlPullRequest {
  return {
    id: "PR_1",
    number: 7,
    url: "https://github.com/acme/app/pull/7",
    title: "Fix",
    state: "OPEN",
    isDraft: false,
    isCrossRepository: false,
    headRefName: "ao/7-fix",
    headRefOid: HEAD,
    baseRefName: "main",
    mergeable: "MERGEABLE",
    mergeStateStatus: "CLEAN",
    reviewDecision: null,
    commits: { nodes: [{ commit: { oid: HEAD, statusCheckRollup: rollup ? { state: rollup } : null } }] },
    latestOpinionatedReviews: { nodes: [] },
    reviewThreads: { nodes: [] },
    ...over,
  };
}
const review = (state: string, login = "alice", oid = HEAD) => ({
  state,
  author: { login },
  commit: { oid },
});
const all = () => true;

describe("observeQuery", () => {
  it("aliases every PR in one document", () => {
    const q = observeQuery([3, 12]);
    expect(q).toContain("pr3: pullRequest(number: 3)");
    expect(q).toContain("pr12: pullRequest(number: 12)");
    expect(q.match(/query /g)).toHaveLength(1);
  });
});

describe("ciOf", () => {
  it.each([
    [null, "none"],
    ["SUCCESS", "passed"],
    ["FAILURE", "failed"],
    ["ERROR", "failed"],
    ["PENDING", "pending"],
    ["EXPECTED", "pending"],
  ])("rollup %s is %s", (rollup, ci) => {
    expect(ciOf(pr({}, rollup))).toBe(ci);
  });
});

describe("reviewOf", () => {
  it("counts an approval only when given on the current head", () => {
    expect(
      reviewOf(
        pr({ reviewDecision: "APPROVED", latestOpinionatedReviews: { nodes: [review("APPROVED")] } }),
        all,
      ),
    ).toBe("approved");
    expect(
      reviewOf(
        pr({
          reviewDecision: "APPROVED",
          latestOpinionatedReviews: { nodes: [review("APPROVED", "alice", OLD)] },
        }),
        all,
      ),
    ).toBe("pending");
  });
  it("without a protection decision, trusted reviews decide and untrusted ones do not", () => {
    const trusted = (l: string) => l === "alice";
    expect(
      reviewOf(pr({ latestOpinionatedReviews: { nodes: [review("APPROVED", "mallory")] } }), trusted),
    ).toBe("none");
    expect(reviewOf(pr({ latestOpinionatedReviews: { nodes: [review("APPROVED")] } }), trusted)).toBe(
      "approved",
    );
    expect(
      reviewOf(
        pr({ latestOpinionatedReviews: { nodes: [review("APPROVED"), review("CHANGES_REQUESTED", "bob")] } }),
        all,
      ),
    ).toBe("changes_requested");
    expect(
      reviewOf(pr({ latestOpinionatedReviews: { nodes: [review("APPROVED", "alice", OLD)] } }), trusted),
    ).toBe("pending");
  });
  it("follows GitHub's decision for requested changes and required reviews", () => {
    expect(reviewOf(pr({ reviewDecision: "CHANGES_REQUESTED" }), all)).toBe("changes_requested");
    expect(reviewOf(pr({ reviewDecision: "REVIEW_REQUIRED" }), all)).toBe("pending");
  });
});

describe("mergeableOf", () => {
  it("treats UNKNOWN as not known yet, never as a conflict", () => {
    expect(mergeableOf(pr({ mergeable: "UNKNOWN", mergeStateStatus: "UNKNOWN" }))).toEqual({
      mergeable: null,
      conflict: false,
    });
  });
  it("reports conflicts and blocking gates", () => {
    expect(mergeableOf(pr({ mergeable: "CONFLICTING", mergeStateStatus: "DIRTY" }))).toEqual({
      mergeable: false,
      conflict: true,
    });
    expect(mergeableOf(pr({ mergeStateStatus: "BLOCKED" }))).toEqual({ mergeable: false, conflict: false });
    expect(mergeableOf(pr({ mergeStateStatus: "UNSTABLE" }))).toEqual({ mergeable: true, conflict: false });
  });
});

describe("prStatusOf", () => {
  it("maps a merged PR", () => {
    expect(prStatusOf(pr({ state: "MERGED" }, "SUCCESS"), all)).toMatchObject({
      number: 7,
      state: "merged",
      branch: "ao/7-fix",
      headSha: HEAD,
      ci: "passed",
    });
  });
});
