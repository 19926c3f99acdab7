import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../src/api.js";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h.dispose();
});

const records = (): Promise<JournalRecord[]> => readJournal(join(h.home, "projects", "app"));
const kinds = (rs: JournalRecord[]) => rs.map((r) => r.kind);

/** A pid that surely belongs to no process: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid as number;

describe("daemon, recovery and lock takeover records", () => {
  it("a daemon journals its start and stop, and the daemon lock it took over", async () => {
    h = harness({ engine: { role: "daemon", version: "9.9.9", daemonLockTakenFrom: 4242 } });
    await h.engine.start();
    await h.engine.stop();
    expect((await records()).filter((r) => r.kind === "daemon")).toMatchObject([
      { kind: "daemon", event: "started", pid: process.pid, version: "9.9.9" },
      { kind: "daemon", event: "stopped", pid: process.pid },
    ]);
    expect((await records()).filter((r) => r.kind === "lock_takeover")).toMatchObject([
      { lock: "daemon.lock", from: 4242, pid: process.pid },
    ]);
  });

  it("recovery journals what it did: a runtime found gone is marked exited", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    await h.engine.stop();
    h.runtime.control.kill(s.resources.runtime?.id as string);
    const again = h.make();
    await again.recover();
    await again.stop();
    const recovery = (await records()).filter((r) => r.kind === "recovery");
    expect(recovery).toMatchObject([{ session: s.id, action: "marked_exited" }]);
    // A one-shot command (the default role) journals no daemon records.
    expect(kinds(await records())).not.toContain("daemon");
  });

  it("recovery journals a finished spawn after the daemon's start record", async () => {
    h = harness({ engine: { role: "daemon" } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    await h.engine.stop();
    // Cut the journal back to the spawn's first step, as a crash right after it would leave it.
    const path = join(h.home, "projects", "app", "journal.jsonl");
    const kept = (await records()).filter(
      (r) => r.kind === "session" || (r.kind === "step" && r.step === "issue"),
    );
    writeFileSync(path, kept.map((r, i) => `${JSON.stringify({ ...r, seq: i + 1 })}\n`).join(""));
    writeFileSync(join(h.home, "projects", "app", "snapshot.json"), "");
    const again = h.make();
    await again.start();
    await again.stop();
    const after = (await records()).filter((r) => r.kind === "daemon" || r.kind === "recovery");
    expect(after).toMatchObject([
      { kind: "daemon", event: "started" },
      { kind: "recovery", session: s.id, action: "finished_spawn" },
      { kind: "daemon", event: "stopped" },
    ]);
  });

  it("a stale writer lock taken over is journaled with the dead pid", async () => {
    h = harness();
    await h.engine.recover();
    await h.engine.stop();
    const dead = deadPid();
    writeFileSync(join(h.home, "projects", "app", "writer.lock"), `${dead}\n`);
    const again = h.make();
    await again.recover();
    await again.stop();
    const takeovers = (await records()).filter((r) => r.kind === "lock_takeover");
    expect(takeovers).toMatchObject([{ lock: "writer.lock", from: dead, pid: process.pid }]);
    expect(kinds(await records())).not.toContain("journal_loss");
  });
});
