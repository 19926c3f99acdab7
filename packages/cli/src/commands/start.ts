import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { AoError, errors, slugify } from "@ao/core";
import { CONFIG_NAMES } from "../config/find.js";
import { configFor, openLocal } from "../context.js";
import { createToken, defaultHome, pidAlive } from "../home.js";
import { stderrLogger } from "../log.js";
import { paint, progress, say } from "../output.js";
import { cliVersion } from "../plugins/locate.js";
import type { CommandRun } from "../program.js";
import { startServer } from "../server/server.js";
import { webhookRoutes } from "../server/webhooks.js";
import { writeDefaultConfig } from "./init.js";

const isGitUrl = (s: string): boolean => /^(https?|ssh|git|file):\/\//.test(s) || /^[^/\s]+@[^:\s]+:/.test(s);

/** `ao start <path|url>`: clone a URL, and write a default config where there is none. Returns the config file. */
async function prepareTarget(target: string): Promise<string> {
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
async function detach(configFile: string | undefined, port: unknown): Promise<number> {
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
    env: process.env,
  });
  child.unref();
  const { readDaemonInfo } = await import("@ao/engine");
  for (let waited = 0; waited < 60_000; waited += 100) {
    const info = readDaemonInfo(config.home);
    if (info && info.pid === child.pid) {
      say(`ao daemon started (pid ${info.pid}) on http://${info.host}:${info.port}; log: ${logFile}`);
      return 0;
    }
    if (child.pid === undefined || !pidAlive(child.pid)) break;
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
  const configFile = target ? await prepareTarget(target) : (options.config as string | undefined);
  const portOverride = options.port === undefined ? undefined : Number(options.port);
  if (
    portOverride !== undefined &&
    (!Number.isInteger(portOverride) || portOverride < 0 || portOverride > 65535)
  ) {
    throw errors.usage(`--port ${options.port} is not a port number (0-65535).`);
  }
  if (options.detach) return detach(configFile, portOverride);
  const config = await configFor("start", configFile ? { config: configFile } : {});
  const log = stderrLogger("info");
  const { acquireDaemonLock } = await import("@ao/engine");
  const lock = acquireDaemonLock(config.home, log);
  try {
    progress(`resolving plugins and recovering sessions (${config.projects.length} project(s))`);
    const { engine, built, actions } = await openLocal(config, undefined, "info");
    const token = createToken(config.home);
    const projects = built.map((b) => b.project);
    const webhooks = webhookRoutes(engine, projects, log);
    const server = await startServer({
      engine,
      actions,
      token,
      host: config.server.host,
      port: portOverride ?? config.server.port,
      webhooks,
      version: cliVersion(),
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
    await engine.start();
    say(
      `${paint("green", "ao daemon")} (pid ${process.pid}) on http://${server.host}:${server.port} — ${projects.length} project(s)${webhooks.size ? `, webhooks: ${[...webhooks.keys()].map((r) => `/webhooks/${r}`).join(", ")}` : ""}. Ctrl-C stops it.`,
    );
    const signal = await new Promise<string>((done) => {
      process.once("SIGINT", () => done("SIGINT"));
      process.once("SIGTERM", () => done("SIGTERM"));
    });
    progress(`${signal}: stopping`);
    await server.close();
    await engine.stop();
    say("ao daemon stopped");
    return 0;
  } finally {
    lock.release();
  }
};
