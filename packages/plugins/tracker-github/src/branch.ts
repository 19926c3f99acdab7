import { slugify } from "@ao/core";

/**
 * The session branch `<prefix>/<number>-<slug>`. The slug is ASCII letters,
 * digits and dashes (core's `slugify`), so whatever the title holds
 * (unicode, `..`, `@{`, `.lock`, control characters, any length) the result
 * passes `git check-ref-format`; the prefix was checked when the plugin was made.
 */
export function githubBranchName(prefix: string, issueId: string, title: string): string {
  return `${prefix}/${slugify(issueId, 24)}-${slugify(title)}`;
}
