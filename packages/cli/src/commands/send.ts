import { readFile } from "node:fs/promises";
import { AoError, errors } from "@ao/core";
import type { CommandRun } from "../program.js";
import { printSession, requestId, withActions } from "./shared.js";

/** A message is text for an agent: more than this is a mistake (a binary file, a whole log). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_MESSAGE_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The message: the words, else `--file` (`-` = stdin), else stdin when it is not a terminal. */
async function messageText(words: string[], file: unknown): Promise<string> {
  if (words.length > 0 && typeof file === "string") {
    throw errors.usage("Give the message as words or with --file, not both.", "ao send app-1 -f message.md");
  }
  if (words.length > 0) return words.join(" ");
  let bytes: Buffer;
  if (typeof file === "string" && file !== "-") {
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new AoError({
        code: "FILE_NOT_READABLE",
        message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        hint: "Check the path, or pipe the message in: ao send app-1 - < message.md",
      });
    }
  } else if (file === "-" || !process.stdin.isTTY) {
    bytes = await readStdin();
  } else {
    throw errors.usage("Give a message.", 'ao send app-1 "please rebase"  |  ao send app-1 -f message.md');
  }
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw errors.usage(
      `The message is over ${MAX_MESSAGE_BYTES / 1024} KiB.`,
      "Send a shorter message, or point the agent at a file.",
    );
  }
  if (bytes.includes(0)) throw errors.usage("The message is binary (it holds NUL bytes).", "Send text.");
  return bytes.toString("utf8").replace(/\n+$/, "");
}

/** `ao send <session> [message...] [-f <file>|-]`: words, a file, or stdin. */
export const run: CommandRun = async ([session, ...words], options) => {
  if (!session) throw errors.usage("Give a session id and a message.", 'ao send app-1 "please rebase"');
  const text = await messageText(words, options.file);
  if (!text.trim()) throw errors.usage("The message is empty.", 'ao send app-1 "please rebase"');
  const out = await withActions("send", options, (actions) => actions.send(session, text, requestId()));
  printSession(out, options.json, "sent to");
  return 0;
};
