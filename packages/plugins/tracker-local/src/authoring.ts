import { mkdir, writeFile } from "node:fs/promises";
import { errors } from "@ao/core";
import { newIssueText } from "./issue-file.js";
import { issuePath, PLUGIN } from "./issues-dir.js";

/** An issue to write (for `ao init`, the demo and tests). */
export interface NewIssue {
  title: string;
  body?: string;
  labels?: string[];
  state?: "open" | "closed";
  /** Who the issue is assigned to (the intake filter `assignee` matches it). */
  assignee?: string;
}

/**
 * Write `<dir>/<id>.md` for a new issue; fails if it exists. The title is
 * serialized by the YAML library, so any text round-trips.
 */
export async function writeIssue(dir: string, id: string, issue: NewIssue): Promise<string> {
  const path = issuePath(dir, id);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path, newIssueText(issue), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw errors.usage(
        `${PLUGIN}: issue ${id} already exists (${path}).`,
        "Pick another id, or edit the existing file.",
      );
    }
    throw error;
  }
  return path;
}
