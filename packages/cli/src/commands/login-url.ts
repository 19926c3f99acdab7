import { errors } from "@ao/core";
import { homeFor } from "../context.js";
import { callDaemon } from "../daemon-client.js";
import { readToken } from "../home.js";
import { printJson, say } from "../output.js";
import type { CommandRun } from "../program.js";

/** `ao login-url`: ask the running daemon (with the admin token) for a one-time browser login link. */
export const run: CommandRun = async (_args, options) => {
  const { home } = await homeFor("login-url", options);
  const { readDaemonInfo } = await import("@ao/engine");
  const info = readDaemonInfo(home);
  if (!info) throw errors.daemonNotRunning(home, "login links are served by the daemon");
  const { url } = await callDaemon<{ url: string }>(info, readToken(home), "POST", "/api/login-url", {});
  if (options.json) printJson({ url });
  else say(url);
  return 0;
};
