import type { PluginBase } from "./common.js";
import type { AttachInfo } from "./runtime.js";

/** Let a human look into a session. */
export interface TerminalPlugin extends PluginBase<"terminal"> {
  /** Whether this terminal can open the runtime's attach info. */
  supports(info: AttachInfo): boolean;
  /** The argv that attaches from the current terminal (the CLI runs it with inherited stdio). */
  attachCommand(info: AttachInfo, options: { insideTmux: boolean }): string[];
}
