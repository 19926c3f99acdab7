import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listPackages } from "./workspace.js";

/** A public package whose README misses something a user needs. */
export interface ReadmeProblem {
  /** The README's path, relative to the root. */
  file: string;
  problem: string;
}

/**
 * Every published package explains itself: what it is (the title and a
 * paragraph), how to install it, its options (plugins: the generated table)
 * or its API (the others), and an example.
 */
export function checkReadmes(root: string): ReadmeProblem[] {
  const problems: ReadmeProblem[] = [];
  for (const pkg of listPackages(root)) {
    const manifest = JSON.parse(readFileSync(join(root, pkg.dir, "package.json"), "utf8")) as {
      private?: boolean;
    };
    if (manifest.private) continue;
    const file = `${pkg.dir}/README.md`;
    const path = join(root, file);
    if (!existsSync(path)) {
      problems.push({ file, problem: "is missing" });
      continue;
    }
    const text = readFileSync(path, "utf8");
    const need = (ok: boolean, problem: string) => {
      if (!ok) problems.push({ file, problem });
    };
    need(text.startsWith(`# ${pkg.name}\n`), `must start with the title "# ${pkg.name}"`);
    need(/^# .+\n\n[^#\n]/.test(text), "must say what the package is in a paragraph under the title");
    need(/^## Install$/m.test(text), 'has no "## Install" section');
    need(
      text.includes(`npm install ${pkg.name}`) ||
        text.includes(`npm install -g ${pkg.name}`) ||
        text.includes(`npm install --save-dev ${pkg.name}`),
      `does not show \`npm install ${pkg.name}\``,
    );
    if (pkg.role === "plugin") {
      need(/^## Options$/m.test(text), 'has no "## Options" section');
      need(
        text.includes("<!-- options:start -->"),
        "has no generated options table (<!-- options:start -->)",
      );
      need(
        text.includes("Bundled with `@ao/cli`") === isBundled(root, pkg.name),
        "must say whether it is bundled with `@ao/cli`",
      );
    } else {
      need(/^## API$/m.test(text), 'has no "## API" section');
    }
    need(/^## Example$/m.test(text), 'has no "## Example" section');
  }
  return problems;
}

/** True when `@ao/cli` depends on the package, so installing the CLI brings it. */
function isBundled(root: string, name: string): boolean {
  const cli = join(root, "packages", "cli", "package.json");
  if (!existsSync(cli)) return false;
  const deps = (JSON.parse(readFileSync(cli, "utf8")) as { dependencies?: Record<string, string> })
    .dependencies;
  return name in (deps ?? {});
}
