import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkReadmeLinks } from "../src/docs-links.js";
import { checkReadmes } from "../src/readmes.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ao-readmes-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manifest = (name: string, extra: object = {}) => JSON.stringify({ name, ...extra });

describe("checkReadmes", () => {
  it("finds every public package of this repository explained", () => {
    expect(checkReadmes(repoRoot)).toEqual([]);
  });

  it("names a missing README, missing sections and a wrong bundling line; skips private packages", () => {
    const root = repo({
      "packages/cli/package.json": manifest("@ao/cli", { dependencies: { "@ao/runtime-x": "1" } }),
      "packages/cli/README.md":
        "# @ao/cli\n\nThe CLI.\n\n## Install\n\nnpm install -g @ao/cli\n\n## API\n\n## Example\n",
      "packages/engine/package.json": manifest("@ao/engine"),
      "packages/testkit/package.json": manifest("@ao/testkit", { private: true }),
      "packages/plugins/runtime-x/package.json": manifest("@ao/runtime-x"),
      "packages/plugins/runtime-x/README.md":
        "# @ao/runtime-x\n\nA runtime.\n\n## Install\n\nnpm install @ao/runtime-x\n",
    });
    expect(checkReadmes(root)).toEqual([
      { file: "packages/engine/README.md", problem: "is missing" },
      { file: "packages/plugins/runtime-x/README.md", problem: 'has no "## Options" section' },
      {
        file: "packages/plugins/runtime-x/README.md",
        problem: "has no generated options table (<!-- options:start -->)",
      },
      {
        file: "packages/plugins/runtime-x/README.md",
        problem: "must say whether it is bundled with `@ao/cli`",
      },
      { file: "packages/plugins/runtime-x/README.md", problem: 'has no "## Example" section' },
    ]);
  });
});

describe("checkReadmeLinks", () => {
  it("finds no README link that leaves its package in this repository", () => {
    expect(checkReadmeLinks(repoRoot)).toEqual([]);
  });

  it("reports relative links outside the package, and not URLs, anchors or files inside it", () => {
    const root = repo({
      "packages/core/package.json": manifest("@ao/core"),
      "packages/core/README.md": [
        "See [the docs](../../docs/cli.md#start) and [x](https://example.com/a.md).",
        "[here](#api) [changelog](./CHANGELOG.md) [root](/etc/passwd)",
      ].join("\n"),
    });
    expect(checkReadmeLinks(root)).toEqual([
      { where: "packages/core/README.md:1", text: "../../docs/cli.md#start" },
      { where: "packages/core/README.md:2", text: "/etc/passwd" },
    ]);
  });
});
