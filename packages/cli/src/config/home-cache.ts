import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultHome } from "../home.js";

/**
 * `ao status` needs one thing of the config: where its data lives (`home`).
 * Finding out means importing the config (jiti) and validating it (zod),
 * most of the command's time. So the read path remembers the home of a
 * config that loaded and validated, and uses it while nothing it could
 * depend on has changed. A config is code, so the key is strict:
 *
 * - the config file itself: path, device, inode, size, mtime and ctime;
 * - the command and the environment (a function-form config gets both;
 *   `AO_HOME` may decide the home) and the working directory (a relative
 *   `AO_HOME`);
 * - this build of ao (its files' mtimes: the validator and defaults).
 *
 * A config that imports anything but ao's own packages (another file, a
 * package, a dynamic import or require) could depend on what the key does
 * not see, so it is never cached: it is loaded every time, as before.
 *
 * Only the home directory is stored (no config values, so no secrets), and
 * the environment only as a SHA-256 digest, in
 * `$AO_HOME/cache/config-<digest of the path>.json`, mode 0600.
 */

const FORMAT = 1;

interface CacheEntry {
  format: typeof FORMAT;
  key: string;
  home: string;
}

/** Module specifiers a cacheable config may import: ao's own packages only. */
const OWN_PACKAGE = /^@ao\/[a-z0-9-]+$/;

/** Whether the config's result can only depend on its text, ao and the environment. */
export function cacheableConfig(text: string): boolean {
  // A dynamic import, a require, a built-in fetched at run time, eval or the
  // network can bring in anything: not cacheable.
  if (/\b(?:require|import|getBuiltinModule|eval|Function|fetch)\s*\(/.test(text)) return false;
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*["'`]([^"'`]*)["'`]/g)].map((m) => m[1] ?? "");
  return specifiers.every((s) => OWN_PACKAGE.test(s));
}

function digest(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function fileStamp(file: string): string {
  const s = statSync(file, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The key of a config as it is now, or undefined when it must not be cached. */
function cacheKey(
  file: string,
  command: string,
  env: Record<string, string | undefined>,
): string | undefined {
  let text: string;
  let stamp: string;
  try {
    // Stat before reading: a write in between changes the stamp next time, never hides.
    stamp = fileStamp(file);
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  if (!cacheableConfig(text)) return undefined;
  const envText = JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const self = fileURLToPath(import.meta.url);
  return digest(
    JSON.stringify([
      FORMAT,
      file,
      command,
      stamp,
      digest(text),
      digest(envText),
      process.cwd(),
      fileStamp(self),
    ]),
  );
}

function entryPath(file: string, env: Record<string, string | undefined>): string {
  return join(defaultHome(env), "cache", `config-${digest(file).slice(0, 16)}.json`);
}

/** What the cache knows of a config: its key as it is now, and the home remembered for that key. */
export interface CachedHome {
  /** Undefined when this config must not be cached. */
  key: string | undefined;
  /** The remembered home, when the key still matches. */
  home: string | undefined;
}

/**
 * Looks a config up. Take the key before loading the config and remember
 * with that key: an edit made during the load then changes the key, so the
 * old result is never filed under the new file.
 */
export function cachedHome(
  file: string,
  command: string,
  env: Record<string, string | undefined> = process.env,
): CachedHome {
  const key = cacheKey(file, command, env);
  if (key === undefined) return { key, home: undefined };
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(entryPath(file, env), "utf8")) as CacheEntry;
  } catch {
    return { key, home: undefined };
  }
  const valid = entry?.format === FORMAT && typeof entry.home === "string" && isAbsolute(entry.home);
  return { key, home: valid && entry.key === key ? entry.home : undefined };
}

/** Remembers the home of a config that just loaded and validated (best effort: a read path never fails on it). */
export function rememberHome(
  file: string,
  key: string,
  home: string,
  env: Record<string, string | undefined> = process.env,
): void {
  const path = entryPath(file, env);
  const entry: CacheEntry = { format: FORMAT, key, home };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // A read-only home only costs the next status a full load.
  }
}
