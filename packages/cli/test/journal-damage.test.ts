import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

// A journal deleted behind ao's back, while its snapshot survives: every
// command says so instead of showing "no sessions", until the loss is accepted.
describe("a damaged journal", () => {
  let world: ReturnType<typeof fakeWorld>;
  const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });
  const accepting = (...args: string[]) =>
    ao(args, { cwd: world.dir, env: { ...world.env, AO_ACCEPT_JOURNAL_LOSS: "app" } });

  beforeAll(() => {
    world = fakeWorld();
  });
  afterAll(() => world.cleanup());

  it("is refused by status and spawn, warned about by events, and accepted with AO_ACCEPT_JOURNAL_LOSS", async () => {
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    const dir = join(world.env.AO_HOME as string, "projects", "app");
    expect(existsSync(join(dir, "snapshot.json"))).toBe(true);
    unlinkSync(join(dir, "journal.jsonl"));

    const status = await run("status");
    expect(status.code).toBe(1);
    expect(status.stdout).not.toContain("No sessions");
    expect(status.stderr).toContain('The journal of project "app" is damaged');
    expect(status.stderr).toContain("AO_ACCEPT_JOURNAL_LOSS=app");
    const json = await run("status", "--json");
    expect(JSON.parse(json.stdout).error.code).toBe("JOURNAL_DAMAGED");

    const refused = await run("spawn", "2", "--json");
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe("JOURNAL_DAMAGED");

    const events = await run("events");
    expect(events.stderr).toMatch(/journal of project "app" is damaged/);

    const accepted = await accepting("spawn", "2", "--json");
    expect(accepted.code).toBe(0);
    const after = JSON.parse((await run("status", "--json")).stdout);
    expect(after.sessions.map((s: { id: string }) => s.id)).toContain(id);
    expect(after.sessions).toHaveLength(2);
    const records = (await run("events", "--json")).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records[0]).toMatchObject({ kind: "journal_loss", project: "app" });
    expect((await run("events")).stdout).toContain("journal loss accepted");
  });
});
