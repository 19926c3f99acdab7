import type { CommandRun } from "../program.js";
import { printSession, requestId, withActions } from "./shared.js";

const VERBS = { merge: "merged the PR of", kill: "killed", restore: "restored" } as const;

/** `ao merge|kill|restore <session>`. */
export const run: CommandRun = async ([session], options, name) => {
  const verb = name as keyof typeof VERBS;
  const out = await withActions(verb, options, (actions) => actions[verb](session as string, requestId()));
  printSession(out, options.json, VERBS[verb]);
  return 0;
};
