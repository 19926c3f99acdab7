import { errors } from "@ao/core";
import type { CommandRun } from "../program.js";
import { printSession, requestId, withActions } from "./shared.js";

/** `ao send <session> <message...>`. */
export const run: CommandRun = async ([session, ...words], options) => {
  const text = words.join(" ");
  if (!session || !text.trim())
    throw errors.usage("Give a session id and a message.", 'ao send app-1 "please rebase"');
  const out = await withActions("send", options, (actions) => actions.send(session, text, requestId()));
  printSession(out, options.json, "sent to");
  return 0;
};
