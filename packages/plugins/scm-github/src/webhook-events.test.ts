import { describe, expect, it } from "vitest";
import { planDelivery, statusEvents } from "./webhook-events.js";

const repository = { full_name: "acme/app" };
const pull = (extra: object = {}) => ({
  number: 4,
  html_url: "https://github.com/acme/app/pull/4",
  head: { ref: "ao/4-x", sha: "c".repeat(40) },
  ...extra,
});

describe("planDelivery", () => {
  it("passes PR lifecycle events on with repo and delivery id", () => {
    expect(
      planDelivery("pull_request", { action: "opened", repository, pull_request: pull() }, "d1").events,
    ).toEqual([
      {
        type: "pr_opened",
        repo: "acme/app",
        deliveryId: "d1",
        pr: 4,
        branch: "ao/4-x",
        url: "https://github.com/acme/app/pull/4",
        headSha: "c".repeat(40),
      },
    ]);
    expect(
      planDelivery("pull_request", { action: "synchronize", repository, pull_request: pull() }, "d2")
        .events[0],
    ).toMatchObject({
      type: "pushed",
      headSha: "c".repeat(40),
    });
    expect(
      planDelivery(
        "pull_request",
        { action: "closed", repository, pull_request: pull({ merged: true }) },
        "d3",
      ).events[0]?.type,
    ).toBe("pr_merged");
    expect(
      planDelivery(
        "pull_request",
        { action: "closed", repository, pull_request: pull({ merged: false }) },
        "d4",
      ).events[0]?.type,
    ).toBe("pr_closed");
  });

  it("asks for a re-read of the PRs a CI or review delivery names", () => {
    expect(
      planDelivery(
        "check_run",
        { action: "completed", repository, check_run: { pull_requests: [{ number: 4 }, { number: 9 }] } },
        "d",
      ).refresh,
    ).toEqual([4, 9]);
    expect(
      planDelivery(
        "check_suite",
        { action: "completed", repository, check_suite: { pull_requests: [{ number: 4 }] } },
        "d",
      ).refresh,
    ).toEqual([4]);
    expect(
      planDelivery(
        "pull_request_review",
        { action: "submitted", repository, pull_request: pull(), review: { state: "approved" } },
        "d",
      ).refresh,
    ).toEqual([4]);
    expect(
      planDelivery(
        "status",
        { repository, sha: "c".repeat(40), state: "failure", branches: [{ name: "ao/4-x" }] },
        "d",
      ).refreshBranches,
    ).toEqual(["ao/4-x"]);
    const c = planDelivery(
      "pull_request_review_comment",
      {
        action: "created",
        repository,
        pull_request: pull(),
        comment: { user: { login: "alice" }, commit_id: "e".repeat(40) },
      },
      "d",
    );
    expect(c.comment).toEqual({ pr: 4, author: "alice", headSha: "e".repeat(40) });
    expect(c.events).toEqual([]);
  });

  it("maps a branch push, ignores a deleted branch", () => {
    expect(
      planDelivery("push", { ref: "refs/heads/ao/4-x", after: "f".repeat(40), repository }, "d").events,
    ).toEqual([
      { type: "pushed", repo: "acme/app", deliveryId: "d", branch: "ao/4-x", headSha: "f".repeat(40) },
    ]);
    expect(
      planDelivery(
        "push",
        { ref: "refs/heads/ao/4-x", after: "0".repeat(40), deleted: true, repository },
        "d",
      ).events,
    ).toEqual([]);
    expect(
      planDelivery("push", { ref: "refs/tags/v1", after: "f".repeat(40), repository }, "d").events,
    ).toEqual([]);
  });

  it("maps an unknown event, an unknown action or a malformed payload to nothing", () => {
    for (const [event, payload] of [
      ["fork", { repository }],
      ["pull_request", { action: "labeled", repository, pull_request: pull() }],
      ["pull_request", { action: "opened", repository, pull_request: "nope" }],
      ["check_run", { action: "completed", repository, check_run: { pull_requests: "x" } }],
      ["status", { repository, branches: [1, null] }],
    ] as const) {
      const plan = planDelivery(event, payload as Record<string, unknown>, "d");
      expect(plan.events).toEqual([]);
      expect(plan.refresh).toEqual([]);
      expect(plan.refreshBranches).toEqual([]);
    }
  });
});

describe("statusEvents", () => {
  const base = {
    number: 4,
    url: "u",
    branch: "ao/4-x",
    headSha: "c".repeat(40),
    state: "open" as const,
    ci: "failed" as const,
    review: "changes_requested" as const,
    mergeable: false,
    conflict: true,
  };
  it("says every fact of the status with its own id per delivery", () => {
    const events = statusEvents(base, "acme/app", "d9");
    expect(events.map((e) => [e.type, e.deliveryId])).toEqual([
      ["ci_failed", "d9/4/ci"],
      ["changes_requested", "d9/4/review"],
      ["conflict_detected", "d9/4/conflict"],
    ]);
    expect(events.every((e) => e.repo === "acme/app" && e.pr === 4 && e.headSha === base.headSha)).toBe(true);
  });
  it("says nothing of what is not known yet", () => {
    expect(
      statusEvents(
        { ...base, ci: "none", review: "pending", mergeable: null, conflict: false },
        "acme/app",
        "d",
      ),
    ).toEqual([]);
  });
});
