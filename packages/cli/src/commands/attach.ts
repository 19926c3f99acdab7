import { spawnSync } from "node:child_process";
import { AoError } from "@ao/core";
import type { CommandRun } from "../program.js";
import { sessionWithPlugins } from "./session-plugins.js";

/** `ao attach <session>`: run the terminal plugin's attach command with this terminal. */
export const run: CommandRun = async ([id], options) => {
  const { session, project } = await sessionWithPlugins("attach", id as string, options);
  const handle = session.resources.runtime;
  const { runtime, terminal } = project.plugins;
  if (!handle || !runtime.attachInfo) {
    throw new AoError({
      code: "CANNOT_ATTACH",
      message: `Session ${id} has nothing to attach to (runtime ${runtime.name}).`,
      hint: `Use \`ao logs ${id}\` to see its output.`,
    });
  }
  const info = runtime.attachInfo(handle);
  if (info.type === "url") {
    process.stdout.write(`${info.url}\n`);
    return 0;
  }
  if (!terminal || !terminal.supports(info)) {
    throw new AoError({
      code: "CANNOT_ATTACH",
      message: `The terminal plugin ${terminal?.name ?? "(none)"} cannot open a ${info.type} session.`,
      hint: 'Configure a terminal plugin that supports it (e.g. terminal: "tmux").',
    });
  }
  const [cmd, ...args] = terminal.attachCommand(info, { insideTmux: Boolean(process.env.TMUX) });
  const result = spawnSync(cmd as string, args, { stdio: "inherit" });
  if (result.error)
    throw new AoError({
      code: "ATTACH_FAILED",
      message: `Running ${cmd} failed: ${result.error.message}`,
      hint: "Run `ao doctor`.",
    });
  return result.status ?? 1;
};
