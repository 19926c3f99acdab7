import { errors } from "@ao/core";
import type { ReviewRequest } from "../actions.js";
import type { CommandRun } from "../program.js";
import { printSession, requestId, withActions } from "./shared.js";

/** `ao review <session> --approve | --request-changes <msg> | --comment <msg>`. */
export const run: CommandRun = async ([session], options) => {
  const given: ReviewRequest[] = [];
  if (options.approve) given.push({ decision: "approve", body: "" });
  if (typeof options.requestChanges === "string")
    given.push({ decision: "request_changes", body: options.requestChanges });
  if (typeof options.comment === "string") given.push({ decision: "comment", body: options.comment });
  if (given.length !== 1) {
    throw errors.usage(
      "Give exactly one of --approve, --request-changes <msg>, --comment <msg>.",
      `ao review ${session} --approve`,
    );
  }
  const review = given[0] as ReviewRequest;
  const out = await withActions("review", options, (actions) =>
    actions.review(session as string, review, requestId()),
  );
  printSession(out, options.json, "reviewed");
  return 0;
};
