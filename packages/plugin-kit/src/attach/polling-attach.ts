import type { AttachStream, RuntimeHandle, RuntimePlugin, TerminalSize } from "@ao/core";
import { attachChannel, validSize } from "./attach-channel.js";
import { asScreen, CLEAR_SCREEN, screenDiff } from "./screen-diff.js";

/** How a polled view runs. */
export interface PollingAttachOptions {
  /** How often to read the output (default 500 ms). */
  intervalMs?: number;
  /** Timers, injectable so tests decide when a poll happens. */
  timers?: { set(fn: () => void, ms: number): unknown; clear(timer: unknown): void };
}

const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/g;

const decoder = () => new TextDecoder("utf-8", { fatal: false });

/**
 * A live view of a runtime that has no `attach`: reads `getOutput` every
 * `intervalMs` and sends what changed. Input is line-based, because such a
 * runtime only takes whole messages: typed characters are echoed locally,
 * Backspace edits the line, Enter sends the line through `sendMessage`;
 * other control keys and escape sequences (arrows, Ctrl-C) cannot reach the
 * program and are dropped. The view ends when the runtime is no longer alive.
 */
export async function pollingAttach(
  runtime: RuntimePlugin,
  handle: RuntimeHandle,
  size: TerminalSize,
  options: PollingAttachOptions = {},
): Promise<AttachStream> {
  const intervalMs = options.intervalMs ?? 500;
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (t: unknown) => clearTimeout(t as NodeJS.Timeout),
  };
  let rows = validSize(size) ? size.rows : 24;
  let screen = splitLines(await runtime.getOutput(handle, rows));
  let line = "";
  // Local echo moved the cursor off the output's end: the next change redraws everything.
  let echoed = false;
  let timer: unknown;
  const text = decoder();

  const channel = attachChannel({
    async write(bytes) {
      // Keys that arrive as escape sequences (arrows, F-keys) have no line form: drop them whole.
      for (const ch of text.decode(bytes, { stream: true }).replace(ESCAPE_SEQUENCE, "")) {
        if (ch === "\r" || ch === "\n") {
          const message = line;
          line = "";
          echoed = true;
          channel.emit("\r\n");
          if (message.trim() !== "") await runtime.sendMessage(handle, message);
        } else if (ch === "\x7f" || ch === "\b") {
          if (line.length > 0) {
            line = [...line].slice(0, -1).join("");
            echoed = true;
            channel.emit("\b \b");
          }
        } else if (ch >= " " && ch !== "\x7f") {
          line += ch;
          echoed = true;
          channel.emit(ch);
        }
      }
    },
    async resize(next) {
      rows = next.rows;
    },
    async release() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
  });

  const poll = async (): Promise<void> => {
    timer = undefined;
    if (channel.ended) return;
    try {
      if (!(await runtime.isAlive(handle))) return channel.end({ reason: "ended" });
      const next = splitLines(await runtime.getOutput(handle, rows));
      const diff = screenDiff(screen, next);
      if (diff !== "" && echoed) {
        channel.emit(`${CLEAR_SCREEN}${asScreen(next)}${line === "" ? "" : `\r\n${line}`}`);
        echoed = line !== "";
      } else if (diff !== "") channel.emit(diff);
      screen = next;
    } catch (err) {
      return channel.end({ reason: "error", message: err instanceof Error ? err.message : String(err) });
    }
    if (!channel.ended) timer = timers.set(() => void poll(), intervalMs);
  };

  channel.emit(CLEAR_SCREEN + asScreen(screen));
  timer = timers.set(() => void poll(), intervalMs);
  return channel.stream;
}

function splitLines(output: string): string[] {
  const lines = output.replace(/\r\n/g, "\n").split("\n");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
