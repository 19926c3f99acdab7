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
 * in order. The first block answers the attach itself. Command output is
 * never the pane's text (callers keep that out of the stream), so a line
 * printed by the agent cannot pose as `%end`.
 */
export class ControlClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private block: { lines: string[]; ours: boolean } | undefined;
  private attachBlockSeen = false;
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
        this.block = { lines: [], ours: this.attachBlockSeen };
        this.attachBlockSeen = true;
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
      if (failed) this.exitReason = block.lines.join(" ").trim();
      else this.attached = true;
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
      this.child.stdin.write(`${line}\n`);
    });
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
