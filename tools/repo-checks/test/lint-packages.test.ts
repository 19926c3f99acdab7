import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLintFailures, lintPackages, publishedPackages } from "../src/lint-packages.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const binDir = join(repoRoot, "node_modules", ".bin");
let root: string;

const manifest = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: "1.0.0",
  type: "module",
  license: "MIT",
  files: ["dist"],
  exports: {
    ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
    "./package.json": "./package.json",
  },
  ...extra,
});

async function pkg(dir: string, json: Record<string, unknown>, dist: Record<string, string> | null) {
  const abs = join(root, dir);
  await mkdir(join(abs, "dist"), { recursive: true });
  if (!dist) await rm(join(abs, "dist"), { recursive: true });
  await writeFile(join(abs, "package.json"), `${JSON.stringify(json, null, 2)}\n`);
  for (const [file, text] of Object.entries(dist ?? {})) await writeFile(join(abs, "dist", file), text);
}

const goodDist = { "index.js": "export const one = 1;\n", "index.d.ts": "export declare const one = 1;\n" };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ao-lint-packages-"));
  await writeFile(join(root, "pnpm-workspace.yaml"), "packages: ['packages/*', 'packages/plugins/*']\n");
  await pkg("packages/good", manifest("@x/good"), goodDist);
  await pkg("packages/plugins/good-plugin", manifest("@x/good-plugin"), goodDist);
  await pkg("packages/secret", manifest("@x/secret", { private: true }), null);
  // The types entry names a file that is not shipped: publint objects (attw sees an untyped package).
  await pkg(
    "packages/plugins/missing-types",
    manifest("@x/missing-types", {
      exports: { ".": { types: "./dist/gone.d.ts", import: "./dist/index.js" } },
    }),
    { "index.js": "export const one = 1;\n" },
  );
  // CommonJS types for ESM code: attw's "masquerading as CJS".
  await pkg(
    "packages/cjs-types",
    manifest("@x/cjs-types", {
      exports: { ".": { types: "./dist/index.d.cts", import: "./dist/index.js" } },
    }),
    { "index.js": "export const one = 1;\n", "index.d.cts": "export declare const one = 1;\n" },
  );
  await pkg("packages/unbuilt", manifest("@x/unbuilt"), null);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("publishedPackages", () => {
  it("lists the non-private packages of this repository and skips the private testkit", () => {
    const names = publishedPackages(repoRoot).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["@ao/core", "@ao/engine", "@ao/cli", "@ao/runtime-tmux"]));
    expect(names).not.toContain("@ao/testkit");
  });
});

describe("lintPackages", () => {
  it("runs publint and attw on each published package and reports only the broken ones", async () => {
    const done: string[] = [];
    const failures = await lintPackages(root, { binDir, onDone: (p, ok) => done.push(`${p.name}:${ok}`) });
    expect(done.sort()).toEqual([
      "@x/cjs-types:false",
      "@x/good-plugin:true",
      "@x/good:true",
      "@x/missing-types:false",
      "@x/unbuilt:false",
    ]);
    expect(failures.map((f) => `${f.package} ${f.tool}`)).toEqual([
      "@x/cjs-types attw",
      "@x/missing-types publint",
      "@x/unbuilt build",
    ]);
    const text = formatLintFailures(failures);
    expect(text).toMatch(/✗ @x\/missing-types \(publint\)\n {4}[\s\S]*gone\.d\.ts/);
    expect(text).toMatch(/✗ @x\/cjs-types \(attw\)\n[\s\S]*Masquerading as CJS/);
    expect(text).toMatch(/run pnpm build first/);
  });
});
