import { errors, type OptionInput, type OptionSpecs, type OptionValues } from "@ao/core";
import type { CiSettings } from "./ci.js";

export const PLUGIN = "@ao/scm-local";

/** Options of `@ao/scm-local` (`["local", { ci: "npm test" }]`). */
export const OPTIONS = {
  ci: {
    type: "string",
    example: "npm test",
    doc: 'Shell command run in a clean checkout of each new PR head; exit 0 = passed. Without it CI is "none", which counts as green.',
  },
  ciTimeout: {
    type: "duration",
    default: "10m",
    doc: "How long a CI run may take before it is killed and failed.",
  },
  mergeMethod: {
    type: "enum",
    values: ["merge", "squash"],
    default: "merge",
    doc: "How `merge` lands a PR on the default branch when the caller does not say.",
  },
  trustedAuthors: {
    type: "string-list",
    example: ["alice"],
    doc: "Authors whose reviews and comments count and reach agents. Default: everyone (all authors of a local repository are local users).",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/scm-local`. */
export type ScmLocalOptions = OptionInput<typeof OPTIONS>;

export interface ScmLocalSettings {
  ci: CiSettings | null;
  mergeMethod: "merge" | "squash";
  trustedAuthors: string[] | null;
}

/** Turn validated options into settings; a CI timeout of 0 would fail every run. */
export function parseOptions(raw: OptionValues<typeof OPTIONS>): ScmLocalSettings {
  if (raw.ciTimeout <= 0)
    throw errors.pluginOption(PLUGIN, "ciTimeout", "must be longer than 0", 'Set ciTimeout: "10m"');
  return {
    ci: raw.ci ? { command: raw.ci, timeoutMs: raw.ciTimeout } : null,
    mergeMethod: raw.mergeMethod,
    trustedAuthors: raw.trustedAuthors ?? null,
  };
}
