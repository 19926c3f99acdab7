import type { CommandRun } from "../program.js";
import { runDemo } from "../demo.js";

/** `ao demo`: see src/demo.ts. */
export const run: CommandRun = (_args, options) => runDemo(options);
