import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatOwner, parseOwner, type ResourceOwner } from "@ao/core";
import { gitMaybe } from "./git.js";

/** The marker's file name inside the checkout's git directory (never in the work tree, so never "dirty"). */
export const OWNER_MARKER = "ao-owner";

async function gitDirOf(checkout: string): Promise<string | null> {
  return gitMaybe(checkout, ["rev-parse", "--absolute-git-dir"]);
}

/**
 * The owner stamped on a checkout ao made, or null when it carries none.
 * A worktree's git directory is its own (`.git/worktrees/<name>`), so each
 * worktree has its own marker.
 */
export async function readOwnerMarker(checkout: string): Promise<ResourceOwner | null> {
  const dir = await gitDirOf(checkout);
  if (dir === null) return null;
  return parseOwner(await readFile(join(dir, OWNER_MARKER), "utf8").catch(() => null));
}

/** Stamp a checkout with its owner (mode 0600). */
export async function writeOwnerMarker(checkout: string, owner: ResourceOwner): Promise<void> {
  const dir = await gitDirOf(checkout);
  if (dir === null) throw new Error(`${checkout} is not a git checkout`);
  await writeFile(join(dir, OWNER_MARKER), `${formatOwner(owner)}\n`, { mode: 0o600 });
}
