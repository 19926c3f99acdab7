#!/usr/bin/env node
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkDependencyDirection, formatViolations } from "./dependency-direction.js";

/** The repository root: the nearest folder up from `start` with a pnpm-workspace.yaml. */
function findRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`No pnpm-workspace.yaml above ${start}; pass the repository root.`);
  }
}

const root = process.argv[2] ? resolve(process.argv[2]) : findRoot(process.cwd());
const violations = checkDependencyDirection(root);
if (violations.length > 0) {
  process.stderr.write(`Dependency direction broken (SPEC §1):\n${formatViolations(violations)}\n`);
  process.exit(1);
}
process.stdout.write(`Dependency direction OK (${root}).\n`);
