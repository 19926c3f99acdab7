import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** The `[projects."<path>"]` header Codex writes for a path (a TOML basic string; JSON's escaping fits). */
export function projectHeader(cwd: string): string {
  return `[projects.${JSON.stringify(cwd)}]`;
}

const TRUST_LINE = /^\s*trust_level\s*=/;

/**
 * config.toml with `trust_level = "trusted"` set (or removed) for `cwd`,
 * edited as text so the user's comments, order and other tables stay as they
 * are. Untrust removes the table when trust was all it held.
 */
export function editTrust(text: string, cwd: string, trusted: boolean): string {
  const lines = text.split("\n");
  const header = projectHeader(cwd);
  const start = lines.findIndex((l) => l.trim() === header);
  let end = lines.length;
  if (start !== -1) {
    const next = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
    if (next !== -1) end = next;
  }
  if (trusted) {
    if (start === -1) {
      const base = text.length === 0 || text.endsWith("\n") ? text : `${text}\n`;
      return `${base}${base ? "\n" : ""}${header}\ntrust_level = "trusted"\n`;
    }
    const body = lines.slice(start + 1, end).filter((l) => !TRUST_LINE.test(l));
    return [...lines.slice(0, start + 1), 'trust_level = "trusted"', ...body, ...lines.slice(end)].join("\n");
  }
  if (start === -1) return text;
  const body = lines.slice(start + 1, end).filter((l) => !TRUST_LINE.test(l));
  if (body.some((l) => l.trim() && !l.trim().startsWith("#")))
    return [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join("\n");
  // Drop the table and the blank line written before it.
  const before = lines.slice(0, start);
  if (before.at(-1)?.trim() === "") before.pop();
  const after = lines.slice(end);
  return [...before, ...after].join("\n").replace(/\n*$/, before.length || after.some(Boolean) ? "\n" : "");
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Trust (or untrust) `cwd` in Codex's config.toml: re-read, edit one table,
 * replace the file atomically (Codex writes it too). A missing file is
 * created; nothing else of the user's is touched.
 */
export function setTrust(file: string, cwd: string, trusted: boolean): Promise<void> {
  const run = async () => {
    let text = "";
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      if (!trusted) return;
    }
    const edited = editTrust(text, cwd, trusted);
    if (edited === text) return;
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.ao-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, edited, { mode: 0o600 });
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  };
  const next = (queues.get(file) ?? Promise.resolve()).then(run, run);
  queues.set(
    file,
    next.catch(() => {}),
  );
  return next;
}
