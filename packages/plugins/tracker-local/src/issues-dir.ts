import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type AoError, errors, type Issue, isAoError } from "@ao/core";
import { formatIssueFile, type IssueFile, parseIssueFile } from "./issue-file.js";

export const PLUGIN = "@ao/tracker-local";

/** Issue ids are file names: no separators, no leading dot, so an id can never leave the folder. */
const ID = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export interface LoadedIssue {
  issue: Issue;
  file: IssueFile;
  path: string;
}

export interface IssueListing {
  issues: LoadedIssue[];
  /** Files that could not be read, each with the error naming its line. */
  problems: AoError[];
}

export function issuePath(dir: string, id: string): string {
  if (!ID.test(id)) throw errors.issueNotFound(id, PLUGIN);
  return join(dir, `${id}.md`);
}

function toIssue(id: string, path: string, file: IssueFile): Issue {
  return {
    id,
    title: file.title,
    body: file.body,
    url: pathToFileURL(path).href,
    labels: file.labels,
    state: file.state,
  };
}

export async function loadIssue(dir: string, id: string): Promise<LoadedIssue> {
  const path = issuePath(dir, id);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw errors.issueNotFound(id, PLUGIN);
    throw error;
  }
  const file = parseIssueFile(path, text);
  return { issue: toIssue(id, path, file), file, path };
}

/** Every issue of the folder; a malformed file is reported in `problems`, the others are still listed. */
export async function loadAll(dir: string): Promise<IssueListing> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { issues: [], problems: [] };
    throw error;
  }
  const ids = names
    .filter((n) => n.endsWith(".md") && ID.test(n.slice(0, -3)))
    .map((n) => n.slice(0, -3))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const issues: LoadedIssue[] = [];
  const problems: AoError[] = [];
  for (const id of ids) {
    try {
      issues.push(await loadIssue(dir, id));
    } catch (error) {
      if (!isAoError(error)) throw error;
      problems.push(error);
    }
  }
  return { issues, problems };
}

/** Rewrite an issue's file atomically after `change` edits its front matter or rest. */
export async function updateIssue(
  dir: string,
  id: string,
  change: (file: IssueFile) => { rest?: string } | undefined,
): Promise<void> {
  const loaded = await loadIssue(dir, id);
  const result = change(loaded.file);
  const text = formatIssueFile(loaded.file.doc, result?.rest ?? loaded.file.rest);
  const temp = `${loaded.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, text);
  await rename(temp, loaded.path);
}
