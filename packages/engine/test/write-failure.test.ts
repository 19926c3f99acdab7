import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  Journal.testWrite = null;
  await h.dispose();
});

describe("a journal write that fails", () => {
  it("fails the spawn, leaves no phantom session, and a later spawn of the issue works", async () => {
    h = harness();
    await h.engine.recover();
    // The disk fills up exactly when the new session is written.
    Journal.testWrite = async (fh, buf, offset, length) => {
      if (buf.includes('"kind":"session"')) {
        Journal.testWrite = null;
        await fh.write(buf, offset, Math.min(10, length));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      return (await fh.write(buf, offset, length)).bytesWritten;
    };
    await expect(h.engine.spawn({ project: "app", issue: "1" })).rejects.toMatchObject({
      code: "JOURNAL_WRITE_FAILED",
    });
    expect(h.engine.sessions()).toEqual([]);
    expect(await h.runtime.list?.()).toEqual([]);
    const journal = join(h.home, "projects", "app", "journal.jsonl");
    expect(await readFile(journal, "utf8")).toBe("");

    const s = await h.engine.spawn({ project: "app", issue: "1" });
    expect(s.state).toBe("working");
    expect(h.engine.sessions().map((x) => x.id)).toEqual([s.id]);
    // A stopped and restarted engine sees the same single session (nothing phantom in the snapshot).
    await h.engine.stop();
    const again = h.make();
    await again.recover();
    expect(again.sessions().map((x) => x.id)).toEqual([s.id]);
    await again.stop();
  });

  it("concurrent spawns of different issues get different ids although the fold waits for the disk", async () => {
    h = harness();
    const spawned = await Promise.all(
      ["1", "2", "3"].map((issue) => h.engine.spawn({ project: "app", issue })),
    );
    expect(new Set(spawned.map((s) => s.id)).size).toBe(3);
    expect(h.engine.sessions()).toHaveLength(3);
  });

  it("concurrent commands on one session compute from the state the one before left", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    // Five retries of one request at once: the first is journaled, the others see it and change nothing.
    await Promise.all(Array.from({ length: 5 }, () => h.engine.send(s.id, "hello", { requestId: "req-1" })));
    await Promise.all(
      Array.from({ length: 3 }, (_, i) => h.engine.send(s.id, `more ${i}`, { requestId: `req-${i + 2}` })),
    );
    const records = (await readFile(join(h.home, "projects", "app", "journal.jsonl"), "utf8"))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    const sends = records.filter((r) => r.kind === "event" && r.event.type === "user_message");
    expect(sends.map((r) => r.event.id)).toEqual(["req-1", "req-2", "req-3", "req-4"]);
    const live = h.engine.session(s.id);
    await h.engine.stop();
    const again = h.make();
    await again.recover();
    expect(again.session(s.id)).toEqual(live);
    await again.stop();
  });
});
