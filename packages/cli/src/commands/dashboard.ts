import { errors } from "@ao/core";
import { homeFor } from "../context.js";
import { callDaemon } from "../daemon-client.js";
import { readToken } from "../home.js";
import { printJson, say } from "../output.js";
import type { CommandRun } from "../program.js";

/**
 * `ao dashboard [session]`: a fresh one-time login URL of the running daemon's
 * dashboard, landing on the session's page when one is named. It is printed,
 * not handed to a browser opener: the code in it would sit in the process list.
 */
export const run: CommandRun = async ([session], options) => {
  const { home } = await homeFor("dashboard", options);
  const { readDaemonInfo } = await import("@ao/engine");
  const info = readDaemonInfo(home);
  if (!info) throw errors.daemonNotRunning(home, "the dashboard is served by the daemon");
  const next = session ? `/sessions/${encodeURIComponent(session)}` : undefined;
  const { url } = await callDaemon<{ url: string }>(
    info,
    readToken(home),
    "POST",
    "/api/login-url",
    next ? { next } : {},
  );
  if (options.json) printJson({ url });
  else say(`open the dashboard (one-time link, 10 min): ${url}`);
  return 0;
};
