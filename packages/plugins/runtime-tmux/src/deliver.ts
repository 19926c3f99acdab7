import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { errors, inertText } from "@ao/core";
import { run } from "@ao/plugin-kit/process";
import { type Tmux, paneTarget } from "./tmux.js";

/** Text up to this size, on one line and without control characters, is typed; the rest is pasted. */
const TYPE_LIMIT = 1000;
const POLL_MS = 15;
/**
 * The kernel's canonical-mode line buffer holds 4095 bytes and silently drops
 * the rest of a longer line; line-mode agents get such lines in pieces instead.
 */
const LINE_LIMIT = 4000;
/** How long the echo of typed or pasted text may take to settle before Enter is sent. */
const SETTLE_MAX_MS = 1000;

export interface DeliveryTarget {
  tmux: Tmux;
  /** The tmux session name. */
  name: string;
  /** The pipe-pane log: its growth is evidence that the program reacted. */
  log: string;
  /** How long to wait for a reaction to Enter before retrying it once, then failing. */
  confirmMs: number;
}

/**
 * Type or paste `text` into the session's pane and submit it with Enter,
 * confirming that the pane reacted to the Enter. The Enter is retried once;
 * the text never is, so a message can arrive at most once.
 */
export async function deliver(target: DeliveryTarget, text: string): Promise<void> {
  const { tmux, name } = target;
  const pane = paneTarget(name);
  const tty = await leaveCopyMode(target);
  // In canonical (line) mode the kernel's line discipline takes the Enter: once tmux has
  // written the keys to a live pane, the line is the program's to read, like a pipe write.
  const lineMode = await isCanonical(tty);
  // Control bytes would act on the pane (^C kills a line-mode agent, ESC[201~ ends a paste).
  const normalized = inertText(text);
  const message = lineMode ? splitLongLines(normalized, LINE_LIMIT) : normalized;
  if (message.length > 0) {
    if (typable(message)) {
      await tmux.must(["send-keys", "-t", pane, "-l", "--", message]);
    } else {
      // A unique buffer per message: concurrent sends never paste each other's text.
      const buffer = `ao-msg-${randomBytes(8).toString("hex")}`;
      await tmux.must(
        ["load-buffer", "-b", buffer, "-", ";", "paste-buffer", "-p", "-d", "-b", buffer, "-t", pane],
        message,
      );
    }
  }
  if (lineMode) {
    await tmux.must(["send-keys", "-t", pane, "Enter"]);
    const state = await tmux.pane(name);
    if (state === null || state.dead) throw errors.deliveryFailed(name, "the agent exited during delivery");
    return;
  }
  // Enter sent while a TUI still digests a paste can be swallowed: wait until the pane is quiet.
  let before = await settle(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    await tmux.must(["send-keys", "-t", pane, "Enter"]);
    const after = await waitForChange(target, before, target.confirmMs);
    if (after !== null) return;
    before = await snapshot(target);
  }
  throw errors.deliveryFailed(
    name,
    `the pane showed no reaction to Enter within ${target.confirmMs} ms (tried twice)`,
  );
}

/** Returns the pane's tty once the pane is live and out of copy mode. */
async function leaveCopyMode(target: DeliveryTarget): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const state = await target.tmux.pane(target.name);
    if (state === null) throw errors.deliveryFailed(target.name, "the tmux session does not exist");
    if (state.dead) throw errors.deliveryFailed(target.name, "the agent's process has exited");
    if (!state.inMode) return state.tty;
    if (attempt === 3) throw errors.deliveryFailed(target.name, "the pane stays in copy mode");
    // Keys typed in copy mode would drive the copy-mode cursor, not reach the agent.
    await target.tmux.run(["send-keys", "-t", paneTarget(target.name), "-X", "cancel"]);
  }
}

/** Whether the pane's terminal is in canonical mode (false when it cannot be read). */
async function isCanonical(tty: string): Promise<boolean> {
  if (!tty.startsWith("/dev/")) return false;
  const flag = process.platform === "linux" ? "-F" : "-f";
  const result = await run("stty", [flag, tty, "-a"]);
  return result.exitCode === 0 && /(^|\s)icanon(\s|$)/.test(result.stdout);
}

/** Break lines longer than `limit` UTF-8 bytes, at character boundaries. */
export function splitLongLines(text: string, limit: number): string {
  return text
    .split("\n")
    .map((line) => {
      if (Buffer.byteLength(line) <= limit) return line;
      const pieces: string[] = [];
      let piece = "";
      let bytes = 0;
      for (const char of line) {
        const size = Buffer.byteLength(char);
        if (bytes + size > limit) {
          pieces.push(piece);
          piece = "";
          bytes = 0;
        }
        piece += char;
        bytes += size;
      }
      pieces.push(piece);
      return pieces.join("\n");
    })
    .join("\n");
}

function typable(message: string): boolean {
  // tmux reads an argument ending in ";" as a command separator and would drop the ";".
  return (
    Buffer.byteLength(message) <= TYPE_LIMIT && !/[\x00-\x1f\x7f]/.test(message) && !message.endsWith(";")
  );
}

/** A fingerprint of everything observable about the pane; null once it is gone. */
async function snapshot(target: DeliveryTarget): Promise<string | null> {
  const [state, size] = await Promise.all([
    target.tmux.pane(target.name),
    stat(target.log).then(
      (s) => s.size,
      () => -1,
    ),
  ]);
  if (state === null) return null;
  return `${state.dead}|${size}|${state.cursor}|${state.historySize}|${state.screen}`;
}

async function settle(target: DeliveryTarget): Promise<string | null> {
  let previous = await snapshot(target);
  const deadline = performance.now() + SETTLE_MAX_MS;
  while (performance.now() < deadline) {
    await sleep(POLL_MS);
    const current = await snapshot(target);
    if (current === previous) return current;
    previous = current;
  }
  return previous;
}

async function waitForChange(
  target: DeliveryTarget,
  before: string | null,
  timeoutMs: number,
): Promise<string | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await sleep(POLL_MS);
    const current = await snapshot(target);
    if (current === null) throw errors.deliveryFailed(target.name, "the tmux session ended during delivery");
    if (current !== before) return current;
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
