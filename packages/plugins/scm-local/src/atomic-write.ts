import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";

/** Write a file so readers see either the old or the new content, never half of it. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await rename(temp, path);
}
