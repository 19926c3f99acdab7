import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// Splitting keeps each command (and what it imports: zod, jiti, the engine) in
// its own chunk, loaded only when that command runs: `ao --version` stays fast.
export default defineConfig(packageBuild({ entry: ["src/index.ts", "src/bin.ts"], splitting: true }));
