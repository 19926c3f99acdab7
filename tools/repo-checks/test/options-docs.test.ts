import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { formatDrift, generatedDocs, optionsTable } from "../src/options-docs.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");
const cli = join(here, "..", "dist", "options-docs-cli.js");

describe("generated options docs of this repository", () => {
  it("match what the plugins describe (README tables and docs/configuration.md)", async () => {
    const { drift } = await generatedDocs(repoRoot);
    expect(drift, drift.length > 0 ? formatDrift(drift) : "").toEqual([]);
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository with the real core and one built plugin whose options are declared. */
function fixtureRepo(readme: string): string {
  const root = mkdtempSync(join(tmpdir(), "ao-options-docs-"));
  dirs.push(root);
  mkdirSync(join(root, "packages", "plugins", "notifier-x", "dist"), { recursive: true });
  symlinkSync(join(repoRoot, "packages", "core"), join(root, "packages", "core"), "dir");
  const core = pathToFileURL(join(repoRoot, "packages", "core", "dist", "index.js")).href;
  const plugin = join(root, "packages", "plugins", "notifier-x");
  writeFileSync(join(plugin, "package.json"), JSON.stringify({ name: "@x/notifier-x" }));
  writeFileSync(
    join(plugin, "dist", "index.js"),
    `import { definePlugin } from ${JSON.stringify(core)};
export default definePlugin({
  slot: "notifier",
  name: "@x/notifier-x",
  options: {
    level: { type: "enum", values: ["a", "b"], default: "a", doc: "Which | one." },
    url: { type: "string", required: true, doc: "Where." },
  },
  create: () => ({ async notify() {} }),
});\n`,
  );
  writeFileSync(join(plugin, "README.md"), readme);
  mkdirSync(join(root, "docs"));
  writeFileSync(
    join(root, "docs", "configuration.md"),
    "# Config\n\n<!-- plugin-reference:start -->\n<!-- plugin-reference:end -->\n",
  );
  return root;
}

function run(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe("pnpm docs:options", () => {
  it("reports drift naming the files and the command, writes the tables, then reports none", async () => {
    const root = fixtureRepo(
      "# @x/notifier-x\n\n## Options\n\n<!-- options:start -->\n<!-- options:end -->\n",
    );
    const before = await run(root, "--check");
    expect(before.code).toBe(1);
    expect(before.out).toContain("packages/plugins/notifier-x/README.md differs");
    expect(before.out).toContain("docs/configuration.md differs");
    expect(before.out).toContain("pnpm docs:options");

    expect((await run(root)).code).toBe(0);
    const readme = readFileSync(join(root, "packages", "plugins", "notifier-x", "README.md"), "utf8");
    expect(readme).toContain('| `level` | `"a" \\| "b"` | `"a"` | Which \\| one. |');
    expect(readme).toContain("| `url` | `string` | required | Where. |");
    expect(readFileSync(join(root, "docs", "configuration.md"), "utf8")).toContain(
      "### @x/notifier-x (notifier)",
    );
    expect(await run(root, "--check")).toMatchObject({ code: 0 });

    // A hand edit of the table is drift again.
    writeFileSync(
      join(root, "packages", "plugins", "notifier-x", "README.md"),
      readme.replace("Where.", "There."),
    );
    const edited = await run(root, "--check");
    expect(edited.code).toBe(1);
    expect(edited.out).toContain("packages/plugins/notifier-x/README.md differs");
  });

  it("refuses to write when a README has no markers, saying which", async () => {
    const root = fixtureRepo("# @x/notifier-x\n\nNo table here.\n");
    const result = await run(root);
    expect(result.code).toBe(1);
    expect(result.out).toContain("packages/plugins/notifier-x/README.md has no <!-- options:start -->");
  });
});

describe("optionsTable", () => {
  it("says when a plugin takes no options", () => {
    expect(optionsTable({}, () => "x")).toBe("This plugin takes no options.");
  });
});
