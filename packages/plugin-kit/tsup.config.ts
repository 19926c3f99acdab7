import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// process, git-workspace, agent-files and attach are run-time entries (plugins, the engine): they must not pull in vitest.
export default defineConfig(
  packageBuild({
    entry: ["src/index.ts", "src/process.ts", "src/git-workspace.ts", "src/agent-files.ts", "src/attach.ts"],
  }),
);
