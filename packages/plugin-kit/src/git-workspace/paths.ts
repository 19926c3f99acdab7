import { isAbsolute, normalize, sep } from "node:path";
import { errors } from "@ao/core";

/**
 * Check option entries that name files inside the repository (`copy`,
 * `symlink`): relative, and never climbing out with `..`.
 */
export function repoRelativePaths(plugin: string, option: string, entries: string[]): string[] {
  return entries.map((entry) => {
    const clean = normalize(entry);
    if (
      entry.length === 0 ||
      isAbsolute(entry) ||
      clean === ".." ||
      clean.startsWith(`..${sep}`) ||
      clean === "."
    ) {
      throw errors.pluginOption(
        plugin,
        option,
        `has ${JSON.stringify(entry)}, which is not a path inside the repository`,
        `Use paths relative to the repository root without "..", e.g. ".env"`,
      );
    }
    return clean;
  });
}

/** Whether `child` is `parent` or lies below it. */
export function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
