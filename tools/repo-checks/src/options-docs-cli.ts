#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatDrift, generatedDocs } from "./options-docs.js";
import { findRoot } from "./root.js";

// `pnpm docs:options`: rewrite the generated options tables; `--check` only reports drift.
const check = process.argv.includes("--check");
const arg = process.argv.slice(2).find((a) => !a.startsWith("--"));
const root = arg ? resolve(arg) : findRoot(process.cwd());
const { files, drift } = await generatedDocs(root);
const missing = drift.filter((d) => !files.has(d.file));
if (check || missing.length > 0) {
  const shown = check ? drift : missing;
  if (shown.length > 0) {
    process.stderr.write(`Generated docs are out of date:\n${formatDrift(shown)}\n`);
    process.exit(1);
  }
}
for (const [file, text] of files) {
  writeFileSync(join(root, file), text);
  process.stdout.write(`wrote ${file}\n`);
}
process.stdout.write(`Options docs ${check ? "up to date" : "generated"} (${root}).\n`);
