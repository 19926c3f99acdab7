import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// The relay is its own file: it is mounted into containers and run by their node, alone.
export default defineConfig(packageBuild({ entry: ["src/index.ts", "src/egress-relay.ts"] }));
