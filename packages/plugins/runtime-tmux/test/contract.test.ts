import { runtimeContract } from "@ao/plugin-kit";
import { skipWithout, tempDir, toolAvailable } from "@ao/testkit";
import { describe } from "vitest";
import tmuxRuntime from "../src/index.js";
import { host, killServer, testSocket } from "./helpers.js";

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
        async cleanup() {
          killServer(socket);
          await dir.cleanup();
        },
      };
    },
  });
});
