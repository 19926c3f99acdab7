#!/usr/bin/env node
// Entry of every fake agent CLI: `node main.mjs <cli> [args...]`.
import { UsageError } from "./args.mjs";

const [cli, ...argv] = process.argv.slice(2);
const modules = {
  claude: "./claude.mjs",
  codex: "./codex.mjs",
  aider: "./aider.mjs",
  goose: "./goose.mjs",
  opencode: "./opencode.mjs",
  "cursor-agent": "./cursor-agent.mjs",
};
const path = modules[/** @type {keyof typeof modules} */ (cli)];
if (!path) {
  process.stderr.write(`fake agent CLI: no fake called ${JSON.stringify(cli)}\n`);
  process.exit(2);
}
try {
  const { main } = await import(path);
  await main(argv);
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(error.message);
    process.exit(/** @type {number} */ (error.code));
  }
  throw error;
}
