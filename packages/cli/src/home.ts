import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** AO_HOME when no config is at hand: the env var, else ~/.ao. */
export function defaultHome(env: Record<string, string | undefined> = process.env): string {
  return env.AO_HOME ? resolve(env.AO_HOME) : join(homedir(), ".ao");
}

export const tokenFile = (home: string): string => join(home, "api-token");

/** A fresh API token, written mode 0600 (only the owner can act on the daemon). */
export function createToken(home: string): string {
  mkdirSync(home, { recursive: true });
  const token = randomBytes(32).toString("hex");
  rmSync(tokenFile(home), { force: true });
  writeFileSync(tokenFile(home), token, { mode: 0o600 });
  return token;
}

export function readToken(home: string): string | undefined {
  try {
    return readFileSync(tokenFile(home), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
