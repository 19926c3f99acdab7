import { execFile } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createSession, DEFAULT_REACTION_RULES, type Logger, type SessionEvent } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, readJournal } from "./journal.js";
import { REDACTED, redactor, secretValues } from "./redact.js";

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-journal-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (m) => void warnings.push(m) };
}

const session = (id: string, at = 1) =>
  createSession({ id, project: "p", issue: "1", branch: "ao/1-x", rules: DEFAULT_REACTION_RULES, at });

function events(n: number): SessionEvent[] {
  const out: SessionEvent[] = [
    { type: "spawned", at: 2, resources: { workspace: null, runtime: { id: "r" } } },
  ];
  for (let i = 0; i < n; i++) {
    out.push({ type: i % 2 ? "agent_idle" : "agent_active", at: 10 + i, source: "output" });
    if (i % 10 === 0) out.push({ type: "local_commits", at: 10 + i, headSha: `sha${i}` });
  }
  return out;
}

describe("Journal", () => {
  it("appends fsync'd lines with increasing seq and folds them back on open", async () => {
    const j = await Journal.open({ dir });
    j.commit({ at: 1, kind: "session", session: session("p-1") });
    for (const e of events(20)) j.commit({ at: e.at, kind: "event", session: "p-1", event: e });
    await j.close();
    const lines = (await readFile(join(dir, "journal.jsonl"), "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(lines.map((_, i) => i + 1));
    const again = await Journal.open({ dir });
    expect(again.fold.sessions.get("p-1")).toEqual(j.fold.sessions.get("p-1"));
    expect(again.lastSeq).toBe(lines.length);
    await again.close();
  });

  it("truncates a torn last line with a warning and keeps going", async () => {
    const j = await Journal.open({ dir });
    j.commit({ at: 1, kind: "session", session: session("p-1") });
    await j.close();
    const before = (await stat(join(dir, "journal.jsonl"))).size;
    await appendFile(join(dir, "journal.jsonl"), '{"seq":2,"at":3,"kind":"ev');
    const log = recordingLog();
    const k = await Journal.open({ dir, log });
    expect(log.warnings.join()).toMatch(/torn/);
    expect((await stat(join(dir, "journal.jsonl"))).size).toBe(before);
    expect(k.fold.sessions.has("p-1")).toBe(true);
    await k.append({ at: 4, kind: "delivery", id: "d1" });
    await k.close();
    expect((await readJournal(dir)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it("treats a complete but unparsable last line as torn", async () => {
    await writeFile(join(dir, "journal.jsonl"), '{"seq":1,"at":1,"kind":"delivery","id":"a"}\n{"seq":2,\n');
    const log = recordingLog();
    const j = await Journal.open({ dir, log });
    expect(j.fold.deliveries.has("a")).toBe(true);
    expect(j.lastSeq).toBe(1);
    expect(log.warnings.length).toBe(1);
    await j.close();
  });

  it("snapshot + tail replay equals full replay", async () => {
    const j = await Journal.open({ dir, snapshotEvery: 0 });
    j.commit({ at: 1, kind: "session", session: session("p-1") });
    j.commit({ at: 1, kind: "session", session: session("p-2") });
    const evs = events(60);
    for (const e of evs.slice(0, 30)) j.commit({ at: e.at, kind: "event", session: "p-1", event: e });
    await j.writeSnapshot();
    for (const e of evs.slice(30)) j.commit({ at: e.at, kind: "event", session: "p-1", event: e });
    for (const e of evs) j.commit({ at: e.at, kind: "event", session: "p-2", event: e });
    j.commit({ at: 99, kind: "delivery", id: "d-1" });
    await j.close();
    const fromSnapshot = await Journal.open({ dir });
    await fromSnapshot.close();
    await rm(join(dir, "snapshot.json"));
    const full = await Journal.open({ dir });
    await full.close();
    expect(fromSnapshot.fold.toJSON()).toEqual(full.fold.toJSON());
    expect(fromSnapshot.fold.toJSON()).toEqual(j.fold.toJSON());
    expect(fromSnapshot.lastSeq).toBe(full.lastSeq);
  });

  it("keeps the tail after the snapshot short across many short-lived writers", async () => {
    // Each one-shot command opens the journal, appends a few records and exits:
    // the count since the snapshot must carry over, or no one ever snapshots.
    for (let n = 1; n <= 4; n++) {
      const j = await Journal.open({ dir, snapshotEvery: 5 });
      for (let i = 0; i < 3; i++) await j.commit({ at: n, kind: "delivery", id: `d-${n}-${i}` });
      await j.close();
    }
    const snap = JSON.parse(await readFile(join(dir, "snapshot.json"), "utf8")) as { seq: number };
    const all = await readJournal(dir);
    expect(all.length).toBe(12);
    expect(all.filter((r) => r.seq > snap.seq).length).toBeLessThan(5);
  });

  it("snapshots at open when the tail it finds is already long", async () => {
    const w = await Journal.open({ dir, snapshotEvery: 0 });
    for (let i = 0; i < 8; i++) await w.commit({ at: i, kind: "delivery", id: `d-${i}` });
    await w.close();
    const j = await Journal.open({ dir, snapshotEvery: 5 });
    await j.close();
    const snap = JSON.parse(await readFile(join(dir, "snapshot.json"), "utf8")) as { seq: number };
    expect(snap.seq).toBe(8);
  });

  it("deduplicates delivery ids across a restart", async () => {
    const j = await Journal.open({ dir });
    await j.commit({ at: 1, kind: "delivery", id: "gh-123" });
    await j.close();
    const k = await Journal.open({ dir });
    expect(k.fold.deliveries.has("gh-123")).toBe(true);
    expect(k.fold.deliveries.has("gh-124")).toBe(false);
    await k.close();
  });

  it("never loses or interleaves lines when several processes append at once", async () => {
    const fixture = join(import.meta.dirname, "../test/fixtures/append.mjs");
    const writers = ["a", "b", "c", "d"];
    const n = 40;
    await Promise.all(writers.map((w) => run(process.execPath, [fixture, dir, w, String(n)])));
    const text = await readFile(join(dir, "journal.jsonl"), "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(writers.length * n);
    const records = lines.map((l) => JSON.parse(l));
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    for (const w of writers) {
      expect(records.filter((r) => r.session === w).map((r) => r.step)).toEqual(
        Array.from({ length: n }, (_, i) => `s${i}`),
      );
    }
  });

  it("masks values of secret-looking env vars in every line", async () => {
    const token = "ghp_abcdefghijklmnop0123456789";
    const secrets = secretValues({ GITHUB_TOKEN: token, HOME: "/home/someone", PATH: "/usr/bin" });
    expect(secrets).toEqual([token]);
    const j = await Journal.open({ dir, redact: redactor(secrets) });
    j.commit({ at: 1, kind: "session", session: session("p-1") });
    j.commit({
      at: 2,
      kind: "event",
      session: "p-1",
      event: { type: "user_message", at: 2, text: `use "${token}" please` },
    });
    await j.close();
    const text = await readFile(join(dir, "journal.jsonl"), "utf8");
    expect(text).not.toContain(token);
    expect(text).toContain(REDACTED);
    for (const line of text.trimEnd().split("\n")) JSON.parse(line);
  });
});
