import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { AoError, errors, slugify } from "@ao/core";
import { CONFIG_NAMES } from "../config/find.js";
import { configFor, openLocal } from "../context.js";
import { isPidAlive } from "@ao/file-lock";
import { callDaemon } from "../daemon-client.js";
import {
  crashedDaemon,
  journalMarks,
  notifyCrash,
  recoverySummary,
  startHeartbeat,
} from "../daemon-crash.js";
import { createToken, defaultHome, readToken } from "../home.js";
import { stderrLogger } from "../log.js";
import { paint, printJson, progress, say } from "../output.js";
import { cliVersion } from "../plugins/locate.js";
import { secretEnvNames } from "../plugins/secret-env.js";
import type { CommandRun } from "../program.js";
import { redactProcessOutput } from "../redact-output.js";
import { checkListenHost } from "../server/origin-policy.js";
import { redactedConfig } from "../server/config-summary.js";
import { findDashboard } from "../server/dashboard-dir.js";
import { startServer } from "../server/server.js";
import { webhookRoutes } from "../server/webhooks.js";
import { watchOrchestrators } from "../orchestrator/orchestrator-run.js";
import { writeDefaultConfig } from "./init.js";
import { confirmClonedRepo } from "./trust-clone.js";

/** Set in the environment of a detached daemon (see {@link detach}). */
const DETACHED = "AO_DAEMON_DETACHED";

const hostOf = (host: string): string => (host.includes(":") ? `[${host}]` : host);

const isGitUrl = (s: string): boolean => /^(https?|ssh|git|file):\/\//.test(s) || /^[^/\s]+@[^:\s]+:/.test(s);

/**
 * `ao start <path|url>`: clone a URL (asking before its code runs), and write a default
 * config where there is none. Returns the config file.
 */
async function prepareTarget(target: string, yes: boolean): Promise<string> {
  let dir: string;
  if (isGitUrl(target)) {
    const name = slugify(basename(target).replace(/\.git$/, "")) || "repo";
    const into = process.env.AO_REPOS ? resolve(process.env.AO_REPOS) : join(defaultHome(), "repos");
    dir = join(into, name);
    if (!existsSync(dir)) {
      mkdirSync(into, { recursive: true });
      progress(`cloning ${target} into ${dir}`);
      try {
        await promisify(execFile)("git", ["clone", "--", target, dir], { timeout: 600_000 });
      } catch (error) {
        throw new AoError({
          code: "CLONE_FAILED",
          message: `git clone ${target} failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`,
          hint: "Check the URL and your access to it.",
        });
      }
    }
    // Also when the clone is reused: what was fetched earlier is no more trusted now.
    await confirmClonedRepo(target, dir, yes);
  } else {
    dir = resolve(target);
    if (!existsSync(dir)) throw errors.usage(`${dir} does not exist.`, "ao start [path-of-a-repo | git-url]");
  }
  const existing = CONFIG_NAMES.map((n) => join(dir, n)).find((f) => existsSync(f));
  if (existing) return existing;
  const file = await writeDefaultConfig(dir);
  progress(`wrote a default config: ${file}`);
  return file;
}

/** Re-run `ao start` detached, and return once it has published its port (or failed). */
async function detach(configFile: string | undefined, port: unknown, json: boolean): Promise<number> {
  const config = await configFor("start", configFile ? { config: configFile } : {});
  mkdirSync(config.home, { recursive: true });
  const logFile = join(config.home, "daemon.log");
  const out = openSync(logFile, "a");
  const args = [
    process.argv[1] as string,
    "start",
    "--config",
    config.file,
    ...(port !== undefined ? ["--port", String(port)] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", out, out],
    // The detached daemon's stdout is daemon.log: it must not print a login link there.
    env: { ...process.env, [DETACHED]: "1" },
  });
  child.unref();
  const { readDaemonInfo } = await import("@ao/engine");
  for (let waited = 0; waited < 60_000; waited += 100) {
    const info = readDaemonInfo(config.home);
    if (info && info.pid === child.pid) {
      const { url: loginUrl } = await callDaemon<{ url: string }>(
        info,
        readToken(config.home),
        "POST",
        "/api/login-url",
        {},
      );
      const url = `http://${hostOf(info.host)}:${info.port}`;
      if (json) printJson({ pid: info.pid, url, loginUrl, log: logFile });
      else
        say(
          `ao daemon started (pid ${info.pid}) on ${url}; log: ${logFile}\ndashboard (one-time login link, 10 min): ${loginUrl}`,
        );
      return 0;
    }
    if (child.pid === undefined || !isPidAlive(child.pid)) break;
    await sleep(100);
  }
  const tail = readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
  process.stderr.write(`${tail}\n`);
  throw new AoError({
    code: "DAEMON_START_FAILED",
    message: "The daemon did not start (its log is above).",
    hint: `Full log: ${logFile}`,
  });
}

/** `ao start [path|url] [--detach] [--port n]`: the daemon, in the foreground until Ctrl-C/SIGTERM. */
export const run: CommandRun = async ([target], options) => {
  const configFile = target
    ? await prepareTarget(target, options.yes === true)
    : (options.config as string | undefined);
  const portOverride = options.port === undefined ? undefined : Number(options.port);
  if (
    portOverride !== undefined &&
    (!Number.isInteger(portOverride) || portOverride < 0 || portOverride > 65535)
  ) {
    throw errors.usage(
      `--port ${options.port} is not a port number (0-65535).`,
      "ao start --port 3000  (0 = any free port)",
    );
  }
  const config = await configFor("start", configFile ? { config: configFile } : {});
  // Refused before anything starts: a misconfigured host loses nothing.
  const warning = checkListenHost(config.server);
  if (options.detach) return detach(configFile, portOverride, options.json === true);
  const { acquireDaemonLock, configuredSecrets, textRedactor } = await import("@ao/engine");
  // Before anything is logged: plugin messages and stacks may quote a configured secret.
  // Left in place until exit, so a fatal error printed by the top level is masked too.
  const redact = textRedactor(configuredSecrets(process.env, secretEnvNames(config)));
  redactProcessOutput(redact);
  if (warning) process.stderr.write(`${paint("yellow", "warning", process.stderr)} ${warning}\n`);
  const json = options.json === true;
  const log = stderrLogger("info");
  // Read before the lock is taken over: a lock left by a dead pid is the sign of a crash.
  const crashed = crashedDaemon(config.home);
  const lock = acquireDaemonLock(config.home, log);
  try {
    progress(`resolving plugins and recovering sessions (${config.projects.length} project(s))`);
    const marks = crashed
      ? await journalMarks(
          config.home,
          config.projects.map((p) => p.id),
        )
      : null;
    const dashboardDir = await findDashboard(process.env);
    // Notifications link to the session's page once the server listens (the port may be chosen then).
    let dashboardBase: string | undefined;
    const { engine, built, actions } = await openLocal(config, undefined, "info", {
      tookOverFrom: lock.tookOverFrom,
      dashboardUrl: (sessionId) =>
        dashboardBase && dashboardDir
          ? `${dashboardBase}/sessions/${encodeURIComponent(sessionId)}`
          : undefined,
    });
    if (crashed && marks) {
      const summary = await recoverySummary(config.home, marks);
      log.warn(`The previous daemon (pid ${crashed.pid}) exited uncleanly; recovered: ${summary}.`);
      await notifyCrash(built, crashed, summary, log);
    }
    const token = createToken(config.home);
    const projects = built.map((b) => b.project);
    const webhooks = webhookRoutes(engine, projects, log);
    const server = await startServer({
      engine,
      actions,
      token,
      home: config.home,
      host: config.server.host,
      port: portOverride ?? config.server.port,
      ...(config.server.publicUrl ? { publicUrl: config.server.publicUrl } : {}),
      webhooks,
      version: cliVersion(),
      redact,
      debugConfig: () => redactedConfig(config),
      ...(dashboardDir ? { dashboardDir } : {}),
    }).catch(async (error) => {
      await engine.stop();
      throw new AoError({
        code: "PORT_IN_USE",
        message: `Cannot listen on ${config.server.host}:${portOverride ?? config.server.port}: ${(error as Error).message}`,
        hint: "Set server.port to a free port (0 = any free port).",
        cause: error,
      });
    });
    lock.writeInfo({ port: server.port, host: server.host });
    dashboardBase = (config.server.publicUrl ?? `http://${hostOf(server.host)}:${server.port}`).replace(
      /\/+$/,
      "",
    );
    const stopHeartbeat = startHeartbeat(config.home);
    await engine.start();
    const url = `http://${hostOf(server.host)}:${server.port}`;
    const stopOrchestrators = await watchOrchestrators(config, url, log);
    const hooks = [...webhooks.keys()].map((r) => `/webhooks/${r}`);
    // The login link is a credential: printed to the terminal that started the daemon, nowhere else.
    const loginUrl = process.env[DETACHED] ? undefined : server.loginUrl();
    if (json) printJson({ pid: process.pid, url, ...(loginUrl ? { loginUrl } : {}), webhooks: hooks });
    else {
      say(
        `${paint("green", "ao daemon")} (pid ${process.pid}) on ${url} — ${projects.length} project(s)${hooks.length ? `, webhooks: ${hooks.join(", ")}` : ""}. Ctrl-C stops it.`,
      );
      if (loginUrl) say(`dashboard (one-time login link, 10 min): ${loginUrl}`);
    }
    const signal = await new Promise<string>((done) => {
      process.once("SIGINT", () => done("SIGINT"));
      process.once("SIGTERM", () => done("SIGTERM"));
    });
    progress(`${signal}: stopping`);
    stopHeartbeat();
    stopOrchestrators();
    await server.close();
    await engine.stop();
    if (!json) say("ao daemon stopped");
    return 0;
  } finally {
    lock.release();
  }
};
