import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BIN, type fakeWorld } from "./helpers.js";

/** A daemon (`ao start`) run as a child process, with its port and admin token. */
export interface Daemon {
  child: ChildProcess;
  port: number;
  token: string;
  stderr: () => string;
  stdout: () => string;
}

/** Start `ao start [args]` in the world and wait until it listens. */
export async function startDaemon(
  world: ReturnType<typeof fakeWorld>,
  env = world.env,
  args: string[] = [],
): Promise<Daemon> {
  const child = spawn(process.execPath, [BIN, "start", ...args], {
    cwd: world.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const infoFile = join(env.AO_HOME as string, "daemon.json");
  for (let i = 0; i < 300; i++) {
    if (existsSync(infoFile)) {
      const info = JSON.parse(readFileSync(infoFile, "utf8"));
      if (info.pid === child.pid) {
        const token = readFileSync(join(env.AO_HOME as string, "api-token"), "utf8").trim();
        return { child, port: info.port, token, stderr: () => err, stdout: () => out };
      }
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`daemon did not start: ${err}`);
}

/** SIGTERM the daemon and wait for its exit code. */
export function stopDaemon(d: Daemon): Promise<number | null> {
  return new Promise((resolve) => {
    if (d.child.exitCode !== null) return resolve(d.child.exitCode);
    d.child.once("exit", (code) => resolve(code));
    d.child.kill("SIGTERM");
  });
}

/** One JSON request to the daemon's API (with its token unless `token` is null). */
export async function api(
  d: Daemon,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = d.token,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`http://127.0.0.1:${d.port}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      "content-type": "application/json",
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
