import { readJsonObject, serialized, writeAtomic } from "./json-file.js";

/**
 * Claude Code asks "Do you trust the files in this folder?" in a directory
 * whose path (or an ancestor's) has no `hasTrustDialogAccepted: true` under
 * `projects` in its global config. ao records that answer for the session's
 * worktree before launch, and removes the entry at cleanup.
 *
 * The CLI rewrites this file itself: the edit re-reads it, changes one entry,
 * keeps every other key and replaces the file atomically. A file that does not
 * parse (torn by a concurrent write) is read once more, then left alone: the
 * trust prompt is then detected on screen instead.
 */
export async function setTrust(file: string, cwd: string, trusted: boolean): Promise<boolean> {
  return serialized(file, async () => {
    const config = (await readJsonObject(file)) ?? (await readJsonObject(file));
    if (!config) return false;
    const projects = isObject(config.projects) ? { ...config.projects } : {};
    const entry = isObject(projects[cwd]) ? projects[cwd] : null;
    if (trusted) {
      if (entry?.hasTrustDialogAccepted === true) return true;
      projects[cwd] = { ...(entry ?? {}), hasTrustDialogAccepted: true };
    } else {
      if (!(cwd in projects)) return true;
      // The worktree is going away: nothing the CLI kept for it is of use.
      delete projects[cwd];
    }
    await writeAtomic(file, `${JSON.stringify({ ...config, projects }, null, 2)}\n`);
    return true;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
