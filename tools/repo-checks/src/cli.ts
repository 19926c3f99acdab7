#!/usr/bin/env node
import { resolve } from "node:path";
import { checkDependencyDirection, formatViolations } from "./dependency-direction.js";
import { findRoot } from "./root.js";

const root = process.argv[2] ? resolve(process.argv[2]) : findRoot(process.cwd());
const violations = checkDependencyDirection(root);
if (violations.length > 0) {
  process.stderr.write(`Dependency direction broken (SPEC §1):\n${formatViolations(violations)}\n`);
  process.exit(1);
}
process.stdout.write(`Dependency direction OK (${root}).\n`);
