/**
 * Run-time helpers for live terminal views (no vitest): the daemon opens a
 * viewer with `openAttach`, runtimes build their streams on `attachChannel`.
 */
import type { AttachStream, RuntimeHandle, RuntimePlugin, TerminalSize } from "@ao/core";
import { type PollingAttachOptions, pollingAttach } from "./attach/polling-attach.js";

export {
  type AttachChannel,
  type AttachChannelHandlers,
  attachChannel,
  validSize,
} from "./attach/attach-channel.js";
export { type PollingAttachOptions, pollingAttach } from "./attach/polling-attach.js";
export { asScreen, CLEAR_SCREEN, screenDiff } from "./attach/screen-diff.js";

/** A live view of the runtime: its own `attach` when it has one, else the polled view. */
export function openAttach(
  runtime: RuntimePlugin,
  handle: RuntimeHandle,
  size: TerminalSize,
  options?: PollingAttachOptions,
): Promise<AttachStream> {
  return runtime.attach ? runtime.attach(handle, size) : pollingAttach(runtime, handle, size, options);
}
