import { type Duration, errors, isAoError, options, parseDuration } from "@ao/core";
import type { CiSettings } from "./ci.js";

export const PLUGIN = "@ao/scm-local";

/** Options of `@ao/scm-local` (`["local", { ci: "npm test" }]`). */
export interface ScmLocalOptions {
  /**
   * Shell command run in a clean checkout of each new PR head (e.g. `"npm test"`).
   * Exit 0 = passed. Without it the PR has no CI: status `"none"`, which counts as green.
   */
  ci?: string;
  /** How long a CI run may take before it is killed and failed (default `"10m"`). */
  ciTimeout?: Duration;
  /** How `merge` lands a PR on the default branch when the caller does not say (default `"merge"`). */
  mergeMethod?: "merge" | "squash";
  /**
   * Authors whose reviews and comments are trusted (count for the review
   * decision, are routed to agents). Default: everyone, since every author of
   * a local repository is a local user.
   */
  trustedAuthors?: string[];
}

export interface ScmLocalSettings {
  ci: CiSettings | null;
  mergeMethod: "merge" | "squash";
  trustedAuthors: string[] | null;
}

const KNOWN = ["ci", "ciTimeout", "mergeMethod", "trustedAuthors"] as const;

/** Validate options at once; every error names the option. */
export function parseOptions(raw: ScmLocalOptions): ScmLocalSettings {
  options.known(PLUGIN, raw, KNOWN);
  const command = options.optionalString(PLUGIN, "ci", raw.ci);
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(raw.ciTimeout ?? "10m");
  } catch (error) {
    if (!isAoError(error)) throw error;
    throw errors.pluginOption(
      PLUGIN,
      "ciTimeout",
      `must be a duration (got ${JSON.stringify(raw.ciTimeout)})`,
      'Set ciTimeout: "10m"',
    );
  }
  if (timeoutMs <= 0)
    throw errors.pluginOption(PLUGIN, "ciTimeout", "must be longer than 0", 'Set ciTimeout: "10m"');
  const mergeMethod = options.oneOf(
    PLUGIN,
    "mergeMethod",
    raw.mergeMethod,
    ["merge", "squash"] as const,
    "merge",
  );
  const trusted =
    raw.trustedAuthors === undefined
      ? null
      : options.stringArray(PLUGIN, "trustedAuthors", raw.trustedAuthors);
  return { ci: command ? { command, timeoutMs } : null, mergeMethod, trustedAuthors: trusted };
}
