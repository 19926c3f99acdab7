import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkDocsLinks } from "../src/docs-links.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");

describe("checkDocsLinks", () => {
  it("finds no bare docs/ path in this repository's package sources", () => {
    expect(checkDocsLinks(repoRoot)).toEqual([]);
  });

  it("reports bare docs/ paths in strings, and not URLs or comments", () => {
    expect(checkDocsLinks(join(here, "fixtures", "docs-links"))).toEqual([
      { where: "packages/cli/src/index.ts:2", text: "docs/configuration.md" },
      { where: "packages/cli/src/index.ts:4", text: "docs/cli.md" },
    ]);
  });
});
