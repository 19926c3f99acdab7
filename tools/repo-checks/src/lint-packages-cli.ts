#!/usr/bin/env node
import { resolve } from "node:path";
import { findRoot } from "./root.js";
import { formatLintFailures, lintPackages } from "./lint-packages.js";

// `pnpm lint:packages`: publint and attw on every package that would be published (CONVENTIONS).
const root = process.argv[2] ? resolve(process.argv[2]) : findRoot(process.cwd());
const failures = await lintPackages(root, {
  onDone: (pkg, ok) => process.stdout.write(`${ok ? "✓" : "✗"} ${pkg.name}\n`),
});
if (failures.length > 0) {
  process.stderr.write(`\nPackage lint failed (publint / attw):\n\n${formatLintFailures(failures)}\n`);
  process.exit(1);
}
process.stdout.write("Package lint OK: publint and attw pass on every published package.\n");
