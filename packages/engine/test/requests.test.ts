import { afterEach, describe, expect, it } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

const alice = { kind: "cli", user: "alice" } as const;

describe("request ids in the journal", () => {
  it("a retry after an engine restart is applied once; a reused id elsewhere is refused", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" }, { actor: alice, requestId: "spawn-1" });
    await h.engine.send(s.id, "hello", { actor: alice, requestId: "send-1" });
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual(["hello"]);
    await h.engine.stop();

    const again = h.make();
    try {
      expect((await again.spawn({ project: "app", issue: "1" }, { requestId: "spawn-1" })).id).toBe(s.id);
      expect((await again.send(s.id, "hello", { requestId: "send-1" })).id).toBe(s.id);
      expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual(["hello"]);
      expect(again.sessions()).toHaveLength(1);

      await expect(again.kill(s.id, { requestId: "send-1" })).rejects.toMatchObject({
        code: "REQUEST_ID_REUSED",
      });
      await expect(
        again.spawn({ project: "app", issue: "2" }, { requestId: "spawn-1" }),
      ).rejects.toMatchObject({
        code: "REQUEST_ID_REUSED",
      });
      expect(again.session(s.id)?.state).not.toBe("killed");
      expect(again.sessions()).toHaveLength(1);
      expect(again.request("send-1")).toMatchObject({
        project: "app",
        route: "send",
        target: s.id,
        session: s.id,
        actor: alice,
      });
      expect(again.request("unknown")).toBeUndefined();
    } finally {
      await again.stop();
    }
    const actions = (await readJournal(`${h.home}/projects/app`)).filter((r) => r.kind === "action");
    expect(actions.map((r) => (r.kind === "action" ? [r.route, r.requestId, r.actor] : []))).toEqual([
      ["spawn", "spawn-1", alice],
      ["send", "send-1", alice],
    ]);
  });

  it("refuses a request id that is not a short token, acting on nothing", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    for (const requestId of ["", "x".repeat(129), "has space", "line\nbreak"]) {
      await expect(h.engine.send(s.id, "hi", { requestId })).rejects.toMatchObject({ code: "USAGE" });
    }
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual([]);
  });

  it("concurrent calls with one request id act once", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const [a, b] = await Promise.all([
      h.engine.send(s.id, "once", { requestId: "r" }),
      h.engine.send(s.id, "once", { requestId: "r" }),
    ]);
    expect(a.id).toBe(b.id);
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual(["once"]);
  });

  it("journals terminal input by its size and actor only, and refuses an unknown session", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const viewer = { kind: "api", scope: "admin" } as const;
    await h.engine.terminalInput(s.id, 12, { actor: viewer });
    await h.engine.terminalInput(s.id, -3, { actor: viewer });
    await expect(h.engine.terminalInput("app-404", 1, { actor: viewer })).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    const typed = (await readJournal(`${h.home}/projects/app`)).filter(
      (r) => r.kind === "action" && r.route === "terminal",
    );
    expect(typed).toMatchObject([
      { session: s.id, target: s.id, actor: viewer, detail: "12 bytes" },
      { session: s.id, actor: viewer, detail: "0 bytes" },
    ]);
    // Not a request: it can never be replayed or looked up.
    for (const r of typed) expect(r).not.toHaveProperty("requestId");
  });
});
