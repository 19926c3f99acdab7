import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BIN, type fakeWorld } from "./helpers.js";

/** A daemon (`ao start`) running as a child process, with its port and admin token. */
export interface Daemon {
  child: ChildProcess;
  port: number;
  token: string;
  stderr: () => string;
  stdout: () => string;
}

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

export function stopDaemon(d: Daemon): Promise<number | null> {
  return new Promise((resolve) => {
    if (d.child.exitCode !== null) return resolve(d.child.exitCode);
    d.child.once("exit", (code) => resolve(code));
    d.child.kill("SIGTERM");
  });
}
