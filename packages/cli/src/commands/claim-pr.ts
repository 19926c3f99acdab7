import { errors } from "@ao/core";
import { configFor } from "../context.js";
import type { CommandRun } from "../program.js";
import { selectProject } from "../select.js";
import { printSession, requestId, withActions } from "./shared.js";

/** `ao claim-pr <pr> [session]`. */
export const run: CommandRun = async ([pr, session], options) => {
  const number = Number(String(pr).replace(/^#/, ""));
  if (!Number.isInteger(number) || number < 1)
    throw errors.usage(`"${pr}" is not a PR number.`, "ao claim-pr 42 [session]");
  const config = await configFor("claim-pr", options);
  const project = selectProject(config, options.project);
  const out = await withActions("claim-pr", options, (actions) =>
    actions.claimPr(project, number, session, requestId()),
  );
  printSession(out, options.json, `claimed PR #${number} for`);
  return 0;
};
