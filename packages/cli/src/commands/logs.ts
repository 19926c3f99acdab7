import { AoError, isTerminal } from "@ao/core";
import { configFor } from "../context.js";
import { progress } from "../output.js";
import type { CommandRun } from "../program.js";
import { sessionWithPlugins } from "./session-plugins.js";

/** Print text as whole lines. */
const write = (text: string) => process.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);

/**
 * `ao logs <session>`: the agent's recent output, from its runtime; after
 * cleanup, the tail ao kept when it destroyed the runtime.
 */
export const run: CommandRun = async ([id], options) => {
  const { session, project } = await sessionWithPlugins("logs", id as string, options);
  const lines = Number(options.lines ?? 100);
  const count = Number.isFinite(lines) && lines > 0 ? lines : 100;
  const handle = session.resources.runtime;
  const runtime = project.plugins.runtime;
  const alive = handle ? await runtime.isAlive(handle).catch(() => false) : false;
  if (handle && alive) {
    write(await runtime.getOutput(handle, count));
    return 0;
  }
  const { lastOutputPath, readLastOutput } = await import("@ao/engine");
  const { home } = await configFor("logs", options);
  const saved = await readLastOutput(lastOutputPath(home, session.project, session.id));
  if (saved !== null) {
    progress(`${id} has ended (${session.state}): its last output, kept when its runtime was removed`);
    write(
      saved
        .split("\n")
        .slice(-count - 1)
        .join("\n"),
    );
    return 0;
  }
  if (handle) {
    // Not alive, but the runtime may still hold the output of the dead process.
    const output = await runtime.getOutput(handle, count).catch(() => null);
    if (output !== null) {
      write(output);
      return 0;
    }
  }
  throw new AoError({
    code: "NO_OUTPUT",
    message: `Session ${id} has no output to show (state ${session.state}; its runtime is gone and no output was kept).`,
    hint: isTerminal(session.state)
      ? `See what happened with \`ao events ${id}\`.`
      : `Bring it back with \`ao restore ${id}\`, or see what happened with \`ao events ${id}\`.`,
  });
};
