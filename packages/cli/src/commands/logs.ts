import { AoError } from "@ao/core";
import type { CommandRun } from "../program.js";
import { sessionWithPlugins } from "./session-plugins.js";

/** `ao logs <session>`: the agent's recent output, from its runtime. */
export const run: CommandRun = async ([id], options) => {
  const { session, project } = await sessionWithPlugins("logs", id as string, options);
  const handle = session.resources.runtime;
  if (!handle) {
    throw new AoError({
      code: "NO_RUNTIME",
      message: `Session ${id} has no runtime (state ${session.state}).`,
      hint: `Bring it back with \`ao restore ${id}\`.`,
    });
  }
  const lines = Number(options.lines ?? 100);
  const runtime = project.plugins.runtime;
  const output = await runtime.getOutput(handle, Number.isFinite(lines) && lines > 0 ? lines : 100);
  process.stdout.write(output.endsWith("\n") || output === "" ? output : `${output}\n`);
  return 0;
};
