import { errors, type SessionSnapshot } from "@ao/core";
import { configFor } from "../context.js";
import { printJson, progress } from "../output.js";
import type { CommandRun } from "../program.js";
import { selectProject } from "../select.js";
import { toStatus } from "../status-shape.js";
import { printSession, requestId, withActions } from "./shared.js";

/** `ao spawn <issue...> | --prompt <text> [--agent <name>]`. */
export const run: CommandRun = async (issues, options) => {
  const prompt = typeof options.prompt === "string" ? options.prompt : undefined;
  if (issues.length === 0 && !prompt)
    throw errors.usage(
      "Give one or more issue ids, or --prompt <text>.",
      'ao spawn 42  |  ao spawn --prompt "fix the flaky test"',
    );
  if (issues.length > 0 && prompt)
    throw errors.usage("Give issue ids or --prompt, not both.", 'ao spawn 42 43  |  ao spawn --prompt "..."');
  const agent = typeof options.agent === "string" ? options.agent : undefined;
  if (agent !== undefined && agent.trim() === "")
    throw errors.usage("--agent needs an agent name.", "ao spawn 42 --agent command");
  const config = await configFor("spawn", options);
  const project = selectProject(config, options.project);
  const made: SessionSnapshot[] = [];
  await withActions("spawn", options, async (actions) => {
    for (const issue of prompt ? [undefined] : issues) {
      if (!options.json)
        progress(issue ? `spawning a session for issue ${issue}` : "spawning a session on the prompt");
      const session = await actions.spawn({
        project,
        ...(issue ? { issue } : {}),
        ...(prompt ? { prompt } : {}),
        ...(agent ? { agent } : {}),
        requestId: requestId(),
      });
      made.push(session);
      if (!options.json) printSession(session, false, "spawned");
    }
  });
  if (options.json) printJson({ sessions: made.map((s) => toStatus(s)) });
  return 0;
};
