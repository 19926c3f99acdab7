import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// process and git-workspace are run-time entries for plugins: they must not pull in vitest.
export default defineConfig(
  packageBuild({ entry: ["src/index.ts", "src/process.ts", "src/git-workspace.ts"] }),
);
