import type { ScmPlugin } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

const cli = { kind: "cli", user: "alice" } as const;

/** Spawn a session and bring it to a green (and by default approved) PR on head `<id>-c1`. */
async function mergeable(issueId: string, approve = true) {
  const s = await h.engine.spawn({ project: "app", issue: issueId });
  h.workspace.control.setHead(h.ws(s.id), `${s.id}-c1`, { unpushed: false });
  h.agent.control.setActivity(s.id, "idle");
  await h.engine.tick();
  const pr = h.engine.session(s.id)?.facts.pr?.number as number;
  h.scm.control.setCi(pr, "passed");
  if (approve) h.scm.control.approve(pr);
  return { id: s.id, pr, branch: s.branch };
}

/** The agent pushes a new commit the engine has not observed yet. */
async function pushBehindTheEngine(s: { id: string; branch: string }, head: string) {
  h.workspace.control.setHead(h.ws(s.id), head, { unpushed: false });
  await h.scm.push(h.ref, { path: h.ws(s.id), branch: s.branch });
}

describe("merging", () => {
  it("refuses a push after approval: nothing merged, the session is back in review", async () => {
    h = harness();
    const s = await mergeable("1");
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("mergeable");
    await pushBehindTheEngine(s, "unreviewed");

    await expect(h.engine.merge(s.id, { actor: cli })).rejects.toMatchObject({ code: "HEAD_MOVED" });
    expect(h.scm.control.pr(s.pr)?.state).toBe("open");
    expect(h.engine.session(s.id)?.facts.pr).toMatchObject({ headSha: "unreviewed", review: "pending" });
    // Green again on the new head is not enough: it needs a new review.
    h.scm.control.setCi(s.pr, "passed");
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("review_pending");
    await expect(h.engine.merge(s.id, { actor: cli })).rejects.toMatchObject({ code: "NOT_MERGEABLE" });
    expect(h.scm.control.pr(s.pr)?.state).toBe("open");
  });

  it("an automatic merge racing a push is refused and not retried; the session goes back to review", async () => {
    h = harness({ rules: { "approved-and-green": { auto: true, action: "merge" } } });
    const s = await mergeable("1");
    const merge = h.scm.merge.bind(h.scm);
    let raced = false;
    h.scm.merge = async (project, number, options) => {
      if (!raced) {
        raced = true;
        await pushBehindTheEngine(s, "late-push");
      }
      return merge(project, number, options);
    };
    await h.engine.tick();
    expect(h.scm.control.pr(s.pr)?.state).toBe("open");
    const session = h.engine.session(s.id);
    expect(session?.state).toBe("pr_open");
    expect(session?.facts.pr).toMatchObject({ headSha: "late-push", review: "pending" });
    await h.engine.stop();
    const records = await readJournal(`${h.home}/projects/app`);
    expect(records.filter((r) => r.kind === "effect" && r.effect === "merge")).toEqual([
      expect.objectContaining({ ok: false, final: true, detail: expect.stringContaining("HEAD_MOVED") }),
    ]);
  });

  it("serializes two merges of one repository that become due in the same tick; both land", async () => {
    h = harness({ rules: { "approved-and-green": { auto: true, action: "merge" } } });
    const a = await mergeable("1", false);
    const b = await mergeable("2", false);
    await h.engine.tick();
    expect(h.engine.session(a.id)?.state).toBe("review_pending");
    expect(h.engine.session(b.id)?.state).toBe("review_pending");
    h.scm.control.approve(a.pr);
    h.scm.control.approve(b.pr);
    const merge = h.scm.merge.bind(h.scm);
    let inFlight = 0;
    let most = 0;
    const serialCheck: ScmPlugin["merge"] = async (project, number, options) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Yield, so a second merge started in parallel would be seen in flight.
      await new Promise((r) => setImmediate(r));
      try {
        return await merge(project, number, options);
      } finally {
        inFlight--;
      }
    };
    h.scm.merge = serialCheck;
    // Both approvals arrive at once (one journal write), so both merges fall due together.
    await Promise.all([
      h.engine.ingest("app", { type: "review_approved", pr: a.pr }),
      h.engine.ingest("app", { type: "review_approved", pr: b.pr }),
    ]);
    expect(h.engine.session(a.id)?.state).toBe("merged");
    expect(h.engine.session(b.id)?.state).toBe("merged");
    expect(most).toBe(1);
  });
});
