import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { LineSplitter, parseControlLine } from "./control-protocol.js";

/** What a control-mode client reports to its owner. */
export interface ControlEvents {
  /** Output of a pane, as bytes. */
  output(pane: string, data: Uint8Array): void;
  /** The client is gone: tmux said `%exit` (session ended, or attach failed) or the process died. */
  exit(reason: string, attached: boolean): void;
}

interface Pending {
  /** Called at once when the block ends, before any other line is read (a promise would be too late). */
  onEnd?: () => void;
  resolve(lines: string[]): void;
  reject(error: Error): void;
}

/**
 * One `tmux -C attach-session` client: sends commands on its stdin and
 * matches each `%begin … %end/%error` block to the command that caused it,
 * in order. Command output is never the pane's text (callers keep that out
 * of the stream), so a line printed by the agent cannot pose as `%end`.
 *
 * tmux reads a control client's stdin as soon as the client identifies,
 * which can be before it runs the `attach-session` given on the command
 * line: a command written at once may be answered before the attach is.
 * So blocks are told apart by their flag (1: a command read from our stdin,
 * 0: the attach itself, or a hook), never by their position, and commands
 * are only written once the attach has succeeded, so they run attached.
 */
export class ControlClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private block: { lines: string[]; ours: boolean } | undefined;
  /** Command lines waiting for the attach to succeed. */
  private queued: string[] | undefined = [];
  private attached = false;
  private exited = false;
  private exitReason = "";
  readonly done: Promise<void>;

  constructor(serverArgs: readonly string[], session: string, events: ControlEvents) {
    // Stdin, not argv, carries every later command: nothing typed into the pane appears in `ps`.
    this.child = spawn("tmux", [...serverArgs, "-C", "attach-session", "-t", `=${session}`], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const splitter = new LineSplitter();
    this.child.stdout.on("data", (chunk: Buffer) => {
      for (const raw of splitter.push(chunk)) this.line(raw, events);
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.exitReason ||= chunk.toString("utf8").trim();
    });
    this.child.stdin.on("error", () => {});
    this.done = new Promise((resolve) => {
      const finish = () => {
        if (this.exited) return resolve();
        this.exited = true;
        for (const p of this.pending.splice(0))
          p.reject(new Error(`tmux control client ended: ${this.exitReason}`));
        events.exit(this.exitReason || "tmux control client ended", this.attached);
        resolve();
      };
      this.child.once("close", finish);
      this.child.once("error", (error) => {
        this.exitReason ||= error.message;
        finish();
      });
    });
  }

  private line(raw: Uint8Array, events: ControlEvents): void {
    const parsed = parseControlLine(raw);
    if (this.block) {
      if (parsed.type === "end" || parsed.type === "error") this.endBlock(parsed.type === "error");
      else this.block.lines.push(Buffer.from(raw).toString("utf8"));
      return;
    }
    switch (parsed.type) {
      case "begin":
        this.block = { lines: [], ours: parsed.flags === "1" };
        return;
      case "output":
        events.output(parsed.pane, parsed.data);
        return;
      case "exit":
        this.exitReason ||= parsed.reason || "the session ended";
        return;
      default:
        return;
    }
  }

  private endBlock(failed: boolean): void {
    const block = this.block as { lines: string[]; ours: boolean };
    this.block = undefined;
    if (!block.ours) {
      // The first block of ours-not is the attach's answer; later ones (hooks) say nothing to us.
      if (this.attached) return;
      if (failed) this.exitReason = block.lines.join(" ").trim();
      else this.flushQueued();
      return;
    }
    const p = this.pending.shift();
    if (!p) return;
    p.onEnd?.();
    if (failed) p.reject(new Error(block.lines.join(" ").trim() || "tmux command failed"));
    else p.resolve(block.lines);
  }

  /**
   * Run one tmux command line; resolves with its output lines, rejects with
   * tmux's error. `onEnd` runs synchronously where the block ends in the
   * stream, to tell output before the command from output after it.
   */
  command(line: string, onEnd?: () => void): Promise<string[]> {
    if (this.exited) return Promise.reject(new Error(`tmux control client ended: ${this.exitReason}`));
    if (line.includes("\n")) return Promise.reject(new Error("a control command is one line"));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject, ...(onEnd ? { onEnd } : {}) });
      if (this.queued) this.queued.push(line);
      else this.child.stdin.write(`${line}\n`);
    });
  }

  /** The attach succeeded: the commands asked for meanwhile go out, in order. */
  private flushQueued(): void {
    this.attached = true;
    const lines = this.queued ?? [];
    this.queued = undefined;
    if (lines.length > 0) this.child.stdin.write(lines.map((l) => `${l}\n`).join(""));
  }

  /** End the client: close its stdin (tmux detaches it), and kill it should it linger. */
  async close(): Promise<void> {
    if (!this.exited) {
      this.child.stdin.end();
      this.child.kill("SIGTERM");
    }
    await this.done;
  }
}
