import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lookupToken, mintSessionToken, tokensDir } from "../src/token-store.js";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
afterEach(() => world?.cleanup());

/** The sessions that hold a token in the store. */
function tokenSessions(home: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(tokensDir(home));
  } catch {
    return [];
  }
  return names
    .map(
      (name) =>
        (JSON.parse(readFileSync(join(tokensDir(home), name), "utf8")) as { session?: string }).session,
    )
    .filter((s): s is string => typeof s === "string")
    .sort();
}

describe("session tokens", () => {
  it("die with their session, and a leftover one of an ended session is swept", async () => {
    const w = fakeWorld();
    world = w;
    const home = w.env.AO_HOME as string;
    const run = (...args: string[]) => ao(args, { cwd: w.dir, env: w.env });
    const first = JSON.parse((await run("spawn", "1", "--json")).stdout).sessions[0].id as string;
    const second = JSON.parse((await run("spawn", "2", "--json")).stdout).sessions[0].id as string;
    expect(tokenSessions(home)).toEqual([first, second].sort());

    // Killing a session ends it: its agent is gone, and so is its credential.
    expect((await run("kill", first)).code).toBe(0);
    expect(tokenSessions(home)).toEqual([second]);

    // A token an ended session still holds (left by an older ao, or a crash) is swept on the next start.
    const stale = mintSessionToken(home, first, "app");
    expect(lookupToken(home, stale)).toBeDefined();
    expect((await run("send", second, "hello")).code).toBe(0);
    expect(lookupToken(home, stale)).toBeUndefined();
    expect(tokenSessions(home)).toEqual([second]);
  });
});
