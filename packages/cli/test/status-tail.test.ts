import { open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { Journal } from "@ao/engine";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

let t: ReturnType<typeof outsideTemp>;
beforeEach(() => {
  t = outsideTemp("ao-status-tail-");
});
afterEach(() => t.cleanup());

const session = (id: string) =>
  createSession({ id, project: "app", issue: id, branch: `ao/${id}`, rules: DEFAULT_REACTION_RULES, at: 1 });

it("ao status reads the snapshot and the journal after it, never the records the snapshot covers", async () => {
  const home = join(t.dir, "home");
  const dir = join(home, "projects", "app");
  const j = await Journal.open({ dir, snapshotEvery: 0 });
  await j.commit({ at: 1, kind: "session", session: session("app-1") });
  await j.writeSnapshot();
  await j.commit({ at: 2, kind: "session", session: session("app-2") });
  await j.close();
  const snap = JSON.parse(await readFile(join(dir, "snapshot.json"), "utf8"));
  const tail = (await readFile(join(dir, "journal.jsonl"))).subarray(snap.offset);

  // What the snapshot covers becomes 3 GiB of zeros (a sparse file): unreadable
  // as records, and past what one read of the whole file could hold.
  const offset = 3 * 1024 ** 3;
  await rm(join(dir, "journal.jsonl"));
  const fh = await open(join(dir, "journal.jsonl"), "w");
  try {
    await fh.write(tail, 0, tail.length, offset);
  } finally {
    await fh.close();
  }
  await writeFile(join(dir, "snapshot.json"), JSON.stringify({ ...snap, offset }));

  const env = { ...process.env, AO_HOME: home, AO_CONFIG: "", NO_COLOR: "1" };
  const r = await ao(["status", "--json"], { cwd: t.dir, env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).sessions.map((s: { id: string }) => s.id)).toEqual(["app-1", "app-2"]);
});
