import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

export default defineConfig(
  packageBuild({
    entry: ["src/index.ts", "src/cli.ts", "src/lint-packages-cli.ts", "src/options-docs-cli.ts"],
  }),
);
