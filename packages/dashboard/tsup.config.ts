import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// Vite has already written the app into dist/: keep it, and ship no source
// map that the daemon would serve next to the app.
export default defineConfig(packageBuild({ clean: false, sourcemap: false }));
