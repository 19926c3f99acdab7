import { fileURLToPath } from "node:url";

/**
 * Absolute path of the built single-page app: `index.html` and its hashed
 * `assets/`. The daemon serves this folder; this module sits in it, so the
 * path holds wherever the package is installed.
 */
export const distDir: string = fileURLToPath(new URL(".", import.meta.url));

export type * from "./api-types.js";
