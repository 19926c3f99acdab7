#!/usr/bin/env node
// Scaffolds one workspace package with the layout every package shares:
// package.json (publish fields), tsconfig.json, tsup.config.ts, src/index.ts.
// Usage: node tools/new-package.mjs <dir> <name> "<description>" [--private] [--plugin] [--dep name@range ...]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const [dir, name, description, ...rest] = process.argv.slice(2);
if (!dir || !name || !description) {
  console.error('usage: new-package.mjs <dir> <name> "<description>" [--private] [--plugin] [--dep x@y]');
  process.exit(2);
}
const isPrivate = rest.includes("--private");
const isPlugin = rest.includes("--plugin");
const deps = {};
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--dep") {
    const spec = rest[++i];
    const at = spec.lastIndexOf("@");
    deps[spec.slice(0, at)] = spec.slice(at + 1);
  }
}
const root = relative(dir, ".") || ".";
const pkg = {
  name,
  version: "0.1.0",
  description,
  type: "module",
  license: "MIT",
  ...(isPrivate ? { private: true } : {}),
  files: ["dist"],
  exports: {
    ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
    "./package.json": "./package.json",
  },
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  engines: { node: ">=20.11" },
  repository: { type: "git", url: "https://github.com/ao-dev/ao.git", directory: dir },
  ...(isPrivate ? {} : { publishConfig: { access: "public" } }),
  scripts: { build: "tsup", test: "vitest run", typecheck: "tsc --noEmit" },
  ...(isPlugin ? { peerDependencies: { "@ao/core": "workspace:^" } } : {}),
  dependencies: isPlugin ? deps : { ...deps },
  devDependencies: isPlugin ? { "@ao/core": "workspace:*" } : {},
};
mkdirSync(join(dir, "src"), { recursive: true });
writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, "tsconfig.json"),
  `${JSON.stringify({ extends: `${root}/tsconfig.base.json`, include: ["src", "test"] }, null, 2)}\n`,
);
writeFileSync(
  join(dir, "tsup.config.ts"),
  `import { defineConfig } from "tsup";\nimport { packageBuild } from "${root}/tsup.config.base.ts";\n\nexport default defineConfig(packageBuild());\n`,
);
if (!existsSync(join(dir, "src/index.ts"))) writeFileSync(join(dir, "src/index.ts"), "export {};\n");
console.log(`scaffolded ${name} in ${dir}`);
