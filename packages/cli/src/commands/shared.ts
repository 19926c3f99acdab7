import { randomUUID } from "node:crypto";
import type { SessionSnapshot } from "@ao/core";
import type { Actions } from "../actions.js";
import { type GlobalOptions, openActions } from "../context.js";
import { paint, printJson, say } from "../output.js";
import { toStatus } from "../status-shape.js";

/** A fresh request id: the daemon applies a request with a given id once. */
export const requestId = (): string => randomUUID();

/** Open the actions (daemon or in-process), run `fn`, always release them. */
export async function withActions<T>(
  command: string,
  options: GlobalOptions,
  fn: (actions: Actions) => Promise<T>,
): Promise<T> {
  const actions = await openActions(command, options);
  try {
    return await fn(actions);
  } finally {
    await actions.close();
  }
}

/** Print a session the way every acting command does: `{ "session": ... }` or one human line. */
export function printSession(session: SessionSnapshot, json: unknown, verb: string): void {
  const s = toStatus(session);
  if (json) printJson({ session: s });
  else say(`${verb} ${paint("bold", s.id)} (${s.project}${s.issue ? `, issue ${s.issue}` : ""}): ${s.state}`);
}
