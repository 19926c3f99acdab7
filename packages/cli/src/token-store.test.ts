import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lookupToken, mintSessionToken, mintToken, revokeSession, tokensDir } from "./token-store.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ao-tokens-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("the token store", () => {
  it("keeps only a hash of each token, in owner-only files", () => {
    const token = mintSessionToken(home, "app-1", "app");
    const files = readdirSync(tokensDir(home));
    expect(files).toHaveLength(1);
    const file = join(tokensDir(home), files[0] as string);
    expect(readFileSync(file, "utf8")).not.toContain(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(tokensDir(home)).mode & 0o777).toBe(0o700);
  });

  it("finds a token's scope and session, and nothing for an unknown or malformed token", () => {
    const token = mintSessionToken(home, "app-1", "app");
    expect(lookupToken(home, token)).toMatchObject({ scope: "agent", session: "app-1", project: "app" });
    expect(lookupToken(home, mintToken(home, "orchestrator"))).toMatchObject({ scope: "orchestrator" });
    expect(lookupToken(home, `ao_agent_${"0".repeat(64)}`)).toBeUndefined();
    expect(lookupToken(home, "../../api-token")).toBeUndefined();
    expect(lookupToken(home, token.slice(0, -1))).toBeUndefined();
  });

  it("a new token for a session (a restore) revokes the old one; revoking ends them all", () => {
    const first = mintSessionToken(home, "app-1", "app");
    const other = mintSessionToken(home, "app-2", "app");
    const second = mintSessionToken(home, "app-1", "app");
    expect(lookupToken(home, first)).toBeUndefined();
    expect(lookupToken(home, second)?.session).toBe("app-1");
    revokeSession(home, "app-1");
    expect(lookupToken(home, second)).toBeUndefined();
    expect(lookupToken(home, other)?.session).toBe("app-2");
  });
});
