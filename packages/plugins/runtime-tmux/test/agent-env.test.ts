import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homeIdFor } from "@ao/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tmuxRuntime from "../src/index.js";
import { host, killServer, makeTemp, testSocket, waitFor } from "./helpers.js";

const socket = testSocket();
let temp: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  temp = await makeTemp();
});

afterAll(async () => {
  killServer(socket);
  delete process.env.AO_TEST_DAEMON_SECRET;
  await temp.cleanup();
});

/** The environment of a live process, as the kernel holds it. */
async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(
    raw
      .split("\0")
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

describe("@ao/runtime-tmux agent environment", () => {
  it("gives the agent exactly its env: not the tmux server's global env, not the daemon's", async () => {
    // The daemon's own environment (inherited by a tmux server it starts) and the
    // user's server-wide variables both hold secrets the agent was not granted.
    process.env.AO_TEST_DAEMON_SECRET = "daemon-secret-value";
    execFileSync("tmux", ["-L", socket, "new-session", "-d", "-s", "user-shell", "sleep", "120"]);
    execFileSync("tmux", ["-L", socket, "set-environment", "-g", "SECRET_X", "server-secret-value"]);
    const runtime = tmuxRuntime({ socket });
    await runtime.setup?.(host(temp.path));
    const owner = { home: homeIdFor(temp.path), project: "p", session: "env-1" };
    const handle = await runtime.create({
      sessionId: owner.session,
      owner,
      cwd: temp.path,
      command: ["sleep", "60"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", AO_SESSION_ID: "env-1", GRANTED_TOKEN: "granted" },
    });
    try {
      const pid = Number(
        execFileSync("tmux", ["-L", socket, "display", "-p", "-t", `=${handle.id}:`, "#{pane_pid}"])
          .toString()
          .trim(),
      );
      // The pane's process execs through the launch wrapper into the agent: wait for the last exec.
      await waitFor(async () =>
        (await readFile(`/proc/${pid}/cmdline`, "utf8")).startsWith("sleep\0") ? true : undefined,
      );
      const env = await environOf(pid);
      expect(env).toMatchObject({ AO_SESSION_ID: "env-1", GRANTED_TOKEN: "granted" });
      expect(Object.keys(env)).not.toContain("SECRET_X");
      expect(Object.keys(env)).not.toContain("AO_TEST_DAEMON_SECRET");
      const allowed = ["PATH", "AO_SESSION_ID", "GRANTED_TOKEN", "TERM", "PWD", "OLDPWD", "SHLVL", "_"];
      expect(Object.keys(env).filter((name) => !allowed.includes(name))).toEqual([]);
    } finally {
      await runtime.destroy(handle);
    }
  });
});
