import { authFromOptions, authOptions, type GitHubAuth } from "@ao/github-client";
import { errors, type OptionInput, type OptionSpecs, type OptionValues } from "@ao/core";

export const PLUGIN = "@ao/tracker-github";

/** Options of `@ao/tracker-github` (`["github", { inProgress: "both" }]`). */
export const OPTIONS = {
  ...authOptions(
    "classic: `repo`, or `public_repo` for public repositories; fine-grained: Issues read and write, Metadata read",
  ),
  webhookSecretEnv: {
    type: "string",
    example: "AO_GITHUB_WEBHOOK_SECRET",
    doc: "Environment variable holding the webhook secret. Set: `issues` and `issue_comment` deliveries on `/webhooks/github` start intake at once, and issue polling slows to a resync.",
  },
  branchPrefix: {
    type: "string",
    default: "ao",
    doc: "Session branches are `<branchPrefix>/<number>-<slug of the title>`.",
  },
  inProgress: {
    type: "enum",
    values: ["label", "assignee", "both", "none"],
    default: "label",
    doc: "How an issue is marked while a session works on it: the `inProgressLabel`, an assignee, both, or nothing.",
  },
  inProgressLabel: {
    type: "string",
    default: "in-progress",
    doc: "The label put on an issue while a session works on it (created by GitHub on first use).",
  },
  assignee: {
    type: "string",
    example: "ao-bot",
    doc: "The login assigned when `inProgress` is `assignee` or `both`. Default: the token's own user (an App must set it).",
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/tracker-github`. */
export type TrackerGitHubOptions = OptionInput<typeof OPTIONS>;

/** The options after validation, with the auth resolved to what @ao/github-client takes. */
export interface TrackerSettings {
  auth: GitHubAuth;
  baseUrl?: string;
  webhookSecretEnv?: string;
  branchPrefix: string;
  markLabel: string | null;
  markAssignee: boolean;
  assignee?: string;
}

/** A ref component git accepts (`git check-ref-format`): no `..`, `@{`, `.lock` end, or leading dot. */
const PREFIX =
  /^(?!.*\.\.)(?!.*@\{)(?!.*\.lock(?:\/|$))[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function parseOptions(o: OptionValues<typeof OPTIONS>): TrackerSettings {
  const auth = authFromOptions(PLUGIN, o);
  if (!PREFIX.test(o.branchPrefix) || o.branchPrefix.endsWith("."))
    throw errors.pluginOption(
      PLUGIN,
      "branchPrefix",
      `"${o.branchPrefix}" is not a valid start of a git branch name`,
      'Use letters, digits, "-", "_", "." and "/" between parts, e.g. "ao" or "agents/ao".',
    );
  if (o.inProgressLabel.trim() === "")
    throw errors.pluginOption(
      PLUGIN,
      "inProgressLabel",
      "is empty",
      'Write a label name, e.g. "in-progress".',
    );
  return {
    auth,
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    ...(o.webhookSecretEnv ? { webhookSecretEnv: o.webhookSecretEnv } : {}),
    branchPrefix: o.branchPrefix,
    markLabel: o.inProgress === "label" || o.inProgress === "both" ? o.inProgressLabel : null,
    markAssignee: o.inProgress === "assignee" || o.inProgress === "both",
    ...(o.assignee ? { assignee: o.assignee } : {}),
  };
}
