import { echoCommand, runtimeContract } from "@ao/plugin-kit";
import { skipWithoutDocker, tempDir } from "@ao/testkit";
import { describe, inject } from "vitest";
import { runtimeFor } from "./helpers.js";

const docker = inject("aoDocker");

// Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithoutDocker fails the suite instead.
describe.skipIf(skipWithoutDocker(docker))("against a real Docker engine", () => {
  runtimeContract({
    name: "@ao/runtime-docker",
    async setup() {
      const dir = await tempDir("ao-rt-docker-contract-");
      const plugin = await runtimeFor(docker, dir.path);
      return {
        plugin,
        home: dir.path,
        cwd: dir.path,
        // The image's node, not the host's path to it.
        echoCommand: echoCommand("node"),
        async cleanup() {
          for (const h of (await plugin.list?.()) ?? []) await plugin.destroy(h);
          await dir.cleanup();
        },
      };
    },
  });
});
