import { defineConfig } from "tsup";
import { packageBuild } from "../../../tsup.config.base.ts";

// better-sqlite3 is an optional dependency, which tsup would bundle: it must stay
// external so it loads its native binary from its own install.
export default defineConfig(packageBuild({ external: ["better-sqlite3"] }));
