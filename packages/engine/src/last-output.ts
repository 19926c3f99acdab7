import { mkdir, open, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { RuntimeHandle, RuntimePlugin } from "@ao/core";

/** How much of an ended session's output is kept (the tail), so `ao logs` works after cleanup. */
export const LAST_OUTPUT_LINES = 2_000;
export const LAST_OUTPUT_BYTES = 256 * 1024;

/** `$home/projects/<project>/sessions/<session>/last-output.log` */
export function lastOutputPath(home: string, project: string, session: string): string {
  return join(home, "projects", project, "sessions", session, "last-output.log");
}

/**
 * Keep the tail of a runtime's output before it is destroyed (mode 0600, at
 * most {@link LAST_OUTPUT_BYTES}). Best effort: a runtime that cannot tell
 * its output leaves no file, and cleanup goes on.
 */
export async function saveLastOutput(
  file: string,
  runtime: RuntimePlugin,
  handle: RuntimeHandle,
  redact: (text: string) => string,
): Promise<boolean> {
  let output: string;
  try {
    output = await runtime.getOutput(handle, LAST_OUTPUT_LINES);
  } catch {
    return false;
  }
  let bytes = Buffer.from(redact(output), "utf8");
  if (bytes.length > LAST_OUTPUT_BYTES) {
    bytes = bytes.subarray(bytes.length - LAST_OUTPUT_BYTES);
    const nl = bytes.indexOf(10);
    if (nl >= 0) bytes = bytes.subarray(nl + 1);
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const fh = await open(file, "w", 0o600);
  try {
    await fh.writeFile(bytes);
  } finally {
    await fh.close();
  }
  return true;
}

/** The saved output of an ended session, or null when none was kept. */
export async function readLastOutput(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}
