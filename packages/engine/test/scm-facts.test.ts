import { afterEach, describe, expect, it } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

async function withPr() {
  const s = await h.engine.spawn({ project: "app", issue: "1" });
  h.workspace.control.setHead(h.ws(s.id), `${s.id}-c1`, { unpushed: false });
  h.agent.control.setActivity(s.id, "idle");
  await h.engine.tick();
  const pr = h.engine.session(s.id)?.facts.pr?.number as number;
  expect(pr).toBeGreaterThan(0);
  return { id: s.id, pr, messages: () => h.runtime.control.messages(`fake-${s.id}`) };
}

describe("review comments reach the agent once", () => {
  it("each attempt sends only the comments the agent has not seen, across a restart", async () => {
    h = harness();
    const s = await withPr();
    h.scm.control.requestChanges(s.pr, "Rename foo to bar", "alice");
    await h.engine.tick();
    expect(s.messages().at(-1)).toContain("Rename foo to bar");

    h.scm.control.comment(s.pr, "Also add a test", { author: "alice" });
    await h.engine.ingest("app", { type: "review_comment", pr: s.pr, deliveryId: "c-2" });
    await h.engine.tick();
    const second = s.messages().at(-1) as string;
    expect(second).toContain("Also add a test");
    expect(second).not.toContain("Rename foo to bar");

    // The ids sent are in the journal: a restarted engine does not resend them.
    await h.engine.stop();
    const again = h.make();
    h.scm.control.comment(s.pr, "And a changelog entry", { author: "alice" });
    await again.ingest("app", { type: "review_comment", pr: s.pr, deliveryId: "c-3" });
    await again.tick();
    const third = h.runtime.control.messages(`fake-${s.id}`).at(-1) as string;
    expect(third).toContain("And a changelog entry");
    expect(third).not.toContain("Also add a test");
    await again.stop();
  });

  it("leaves out comments of resolved or outdated threads", async () => {
    h = harness();
    const s = await withPr();
    const thread = (id: string, resolved: boolean, outdated: boolean) => ({
      thread: { id, resolved, outdated },
    });
    h.scm.control.comment(s.pr, "Old remark on changed code", {
      author: "alice",
      ...thread("t1", false, true),
    });
    h.scm.control.comment(s.pr, "Resolved remark", { author: "alice", ...thread("t2", true, false) });
    h.scm.control.comment(s.pr, "Open remark", { author: "alice", ...thread("t3", false, false) });
    h.scm.control.requestChanges(s.pr, "Please fix the naming", "alice");
    await h.engine.tick();
    const msg = s.messages().at(-1) as string;
    expect(msg).toContain("Please fix the naming");
    expect(msg).toContain("Open remark");
    expect(msg).not.toContain("Old remark on changed code");
    expect(msg).not.toContain("Resolved remark");
  });
});

describe("the SCM budget in the journal", () => {
  it("is journaled after an observation when it moved, and not on every tick", async () => {
    h = harness();
    const s = await withPr();
    const reset = 2_000_000_000_000;
    h.scm.control.setBudget([{ resource: "graphql", remaining: 4990, limit: 5000, resetAt: reset }]);
    await h.engine.tick();
    h.scm.control.setBudget([{ resource: "graphql", remaining: 4989, limit: 5000, resetAt: reset }]);
    await h.engine.tick();
    h.scm.control.setBudget([{ resource: "graphql", remaining: 4900, limit: 5000, resetAt: reset }]);
    await h.engine.tick();
    const records = (await readJournal(`${h.home}/projects/app`)).filter((r) => r.kind === "budget");
    expect(records.map((r) => (r.kind === "budget" ? r.budget[0]?.remaining : null))).toEqual([4990, 4900]);
    expect(s.pr).toBeGreaterThan(0);
  });
});
