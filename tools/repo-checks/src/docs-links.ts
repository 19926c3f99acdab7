import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { listPackages, sourceFiles } from "./workspace.js";

/** A mention of a docs page that a user of the published package cannot open. */
export interface DocsLinkProblem {
  /** `path:line`, relative to the root. */
  where: string;
  text: string;
}

/**
 * `docs/` is not shipped in any package, so a hint or generated file that says
 * "see docs/x.md" points at nothing on a user's machine: it must be a URL.
 * Finds every `docs/<page>.md` in package sources that is not part of a URL.
 */
export function checkDocsLinks(root: string): DocsLinkProblem[] {
  const problems: DocsLinkProblem[] = [];
  for (const pkg of listPackages(root)) {
    for (const file of sourceFiles(join(root, pkg.dir, "src"))) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const match of line.matchAll(/(\S*)docs\/[\w-]+\.md/g)) {
          if (/^(?:\S*\/\/|https?:)/.test(match[1] ?? "") || /https?:\/\/\S*$/.test(match[1] ?? "")) continue;
          // Comments may name the repository's own docs for its developers.
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
          problems.push({ where: `${relative(root, file).split("\\").join("/")}:${i + 1}`, text: match[0] });
        }
      });
    }
  }
  return problems;
}

/**
 * A README ships inside its package, so a relative link that leaves the
 * package (`../../docs/cli.md`) is dead on npm: it must be a URL.
 */
export function checkReadmeLinks(root: string): DocsLinkProblem[] {
  const problems: DocsLinkProblem[] = [];
  for (const pkg of listPackages(root)) {
    const dir = join(root, pkg.dir);
    const file = join(dir, "README.md");
    if (!existsSync(file)) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        for (const match of line.matchAll(/\]\(([^)\s]+)/g)) {
          const target = match[1] as string;
          if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith("#")) continue;
          const inside = relative(dir, resolve(dir, target.split("#")[0] as string));
          if (inside.startsWith("..") || isAbsolute(inside)) {
            problems.push({ where: `${pkg.dir}/README.md:${i + 1}`, text: target });
          }
        }
      });
  }
  return problems;
}
