import { randomBytes } from "node:crypto";
import { type AttachStream, errors, type TerminalSize } from "@ao/core";
import { type AttachChannel, attachChannel, CLEAR_SCREEN, validSize } from "@ao/plugin-kit/attach";
import { paneTarget, type Tmux } from "../tmux.js";
import { ControlClient } from "./control-client.js";
import { hexKeys } from "./control-protocol.js";

/** Bytes per `send-keys -H` command: a paste of any size goes in bounded command lines. */
const KEYS_PER_COMMAND = 256;

/**
 * A live view of tmux session `name` through a control-mode client on its
 * server. The first chunk is the current screen (captured at an exact point
 * of the output stream, so nothing is lost or shown twice), then the pane's
 * output bytes as they come. Input is typed with `send-keys -H` (exact bytes,
 * no key names); resizing sets the control client's size, which resizes the
 * agent's window as attaching with tmux does (the latest viewer wins).
 */
export async function tmuxAttach(
  tmux: Tmux,
  name: string,
  size: TerminalSize,
  onClose: (channel: AttachChannel) => void,
): Promise<{ stream: AttachStream; channel: AttachChannel }> {
  const gone = () =>
    errors.cannotAttach(
      `The tmux session ${name} is gone, so there is nothing to attach to.`,
      "Restore the session (`ao restore <id>`) or look at its log (`ao logs <id>`).",
    );
  if ((await tmux.pane(name)) === null) throw gone();
  // Before the capture, output is already on the screen it captures; after it and before the
  // screen is sent, output waits so it follows the screen.
  let phase: "before" | "held" | "live" = "before";
  let held: Uint8Array[] = [];
  let pane = "";
  const buffer = `ao-view-${randomBytes(6).toString("hex")}`;

  const client = new ControlClient(tmux.socket === undefined ? [] : ["-L", tmux.socket], name, {
    output(from, data) {
      if (from !== pane || phase === "before") return;
      if (phase === "held") held.push(data);
      else channel.emit(data);
    },
    exit(reason, attached) {
      channel.end(attached ? { reason: "ended" } : { reason: "error", message: reason });
    },
  });

  const channel = attachChannel({
    async write(bytes) {
      for (let i = 0; i < bytes.length; i += KEYS_PER_COMMAND) {
        const keys = hexKeys(bytes.subarray(i, i + KEYS_PER_COMMAND));
        await client.command(`send-keys -H -t ${pane} ${keys.join(" ")}`).catch((error: Error) => {
          throw errors.deliveryFailed(`tmux session ${name}`, error.message);
        });
      }
    },
    async resize(next) {
      await client.command(`refresh-client -C ${next.cols}x${next.rows}`);
    },
    async release() {
      await client.close();
      await tmux.run(["delete-buffer", "-b", buffer]);
      onClose(channel);
    },
  });

  try {
    const [info] = await client.command(`display-message -p -t ${paneTarget(name)} '#{pane_id}'`);
    pane = (info ?? "").trim();
    if (!/^%\d+$/.test(pane)) throw new Error(`tmux gave no pane id for ${name}: ${JSON.stringify(info)}`);
    if (validSize(size)) await client.command(`refresh-client -C ${size.cols}x${size.rows}`);
    // The screen goes into a paste buffer, read out of band: the agent's text never travels
    // inside a command block, where a printed "%end" could pose as the block's end.
    // Each command line gets its own block: the capture's end is the exact point the screen shows.
    const captured = client.command(`capture-pane -e -J -b ${buffer} -t ${pane}`, () => {
      phase = "held";
    });
    const [cursor] = await client.command(`display-message -p -t ${pane} '#{cursor_x} #{cursor_y}'`);
    await captured;
    const screen = await tmux.must(["save-buffer", "-b", buffer, "-"]);
    await tmux.run(["delete-buffer", "-b", buffer]);
    const [x, y] = (cursor ?? "0 0").trim().split(" ").map(Number);
    channel.emit(`${CLEAR_SCREEN}\x1b[0m${asRows(screen)}\x1b[${(y ?? 0) + 1};${(x ?? 0) + 1}H`);
    for (const data of held) channel.emit(data);
    held = [];
    phase = "live";
  } catch (error) {
    await channel.stream.close();
    if ((await tmux.pane(name)) === null) throw gone();
    throw errors.cannotAttach(
      `Attaching to tmux session ${name} failed: ${(error as Error).message}`,
      "Check tmux with `ao doctor`; `ao logs <id>` shows the output meanwhile.",
    );
  }
  return { stream: channel.stream, channel };
}

/** Captured lines as terminal rows: CRLF between them, trailing blank lines dropped. */
function asRows(captured: string): string {
  return captured.replace(/\n+$/, "").split("\n").join("\r\n");
}
