import { AGENT_REPORTS, type AgentReport, errors } from "@ao/core";
import type { CommandRun } from "../program.js";
import { printSession, requestId, withActions } from "./shared.js";

/** `ao report <state>`: run by an agent inside its session (AO_SESSION_ID names it). */
export const run: CommandRun = async ([state], options) => {
  if (!AGENT_REPORTS.includes(state as AgentReport)) {
    throw errors.usage(
      `"${state}" is not a report; use one of ${AGENT_REPORTS.join(", ")}.`,
      "ao report done",
    );
  }
  const session = typeof options.session === "string" ? options.session : process.env.AO_SESSION_ID;
  if (!session)
    throw errors.usage(
      "No session: AO_SESSION_ID is not set (run this inside a session) and --session was not given.",
      "ao report done --session app-1",
    );
  const out = await withActions("report", options, (actions) =>
    actions.report(session, state as AgentReport, requestId()),
  );
  printSession(out, options.json, `reported ${state} for`);
  return 0;
};
