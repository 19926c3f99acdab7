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
        async cleanup() {
          killServer(socket);
          await dir.cleanup();
        },
      };
    },
  });
});
