import { spawnSync } from "node:child_process";
import { runtimeContract } from "@ao/plugin-kit";
import { skipWithout, tempDir, toolAvailable } from "@ao/testkit";
import { describe } from "vitest";
import tmuxRuntime from "../src/index.js";
import { host, killServer, testSocket } from "./helpers.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("with tmux", () => {
  runtimeContract({
    name: "@ao/runtime-tmux",
    async setup() {
      const dir = await tempDir("ao-rt-tmux-contract-");
      const socket = testSocket();
      const plugin = tmuxRuntime({ socket, confirmTimeoutMs: 1500 });
      await plugin.setup?.(host(dir.path));
      return {
        plugin,
        home: dir.path,
        cwd: dir.path,
        async terminalSize(handle) {
          const out = tmuxOut(socket, [
            "display-message",
            "-p",
            "-t",
            `=${handle.id}:`,
            "#{window_width} #{window_height}",
          ]);
          const [cols, rows] = out.trim().split(" ").map(Number);
          return { cols: cols ?? 0, rows: rows ?? 0 };
        },
        // Control-mode clients on the test's server: each viewer holds one, and none may be left behind.
        async attachResources() {
          const out = tmuxOut(socket, ["list-clients", "-F", "#{client_control_mode}"]);
          return out.split("\n").filter((line) => line === "1").length;
        },
        async cleanup() {
          killServer(socket);
          await dir.cleanup();
        },
      };
    },
  });
});

/** A tmux command's stdout on the test's server ("" when no server runs). */
function tmuxOut(socket: string, args: string[]): string {
  return spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" }).stdout ?? "";
}
