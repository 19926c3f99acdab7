import { authFromOptions, authOptions, type GitHubAuth } from "@ao/github-client";
import { errors, type OptionInput, type OptionSpecs, type OptionValues } from "@ao/core";

export const PLUGIN = "@ao/scm-github";

/** Options of `@ao/scm-github` (`["github", { mergeMethod: "squash" }]`). */
export const OPTIONS = {
  ...authOptions(
    "classic: `repo`; fine-grained: Contents, Pull requests RW, Checks, Actions, Commit statuses read",
  ),
  gitUrl: {
    type: "string",
    example: "https://github.example.com",
    doc: "Where git pushes (`<gitUrl>/<owner>/<repo>.git`). Default: derived from baseUrl (github.com for github.com).",
  },
  requestTimeout: {
    type: "duration",
    default: "30s",
    doc: "How long one GitHub API request may take before it is abandoned (reads are retried twice).",
  },
  webhookSecretEnv: {
    type: "string",
    example: "AO_GITHUB_WEBHOOK_SECRET",
    doc: "Environment variable holding the webhook secret. Set: the plugin accepts verified deliveries (X-Hub-Signature-256) and polling can slow down to a resync.",
  },
  draft: {
    type: "boolean",
    default: false,
    doc: "Open PRs as drafts.",
  },
  readyWhenGreen: {
    type: "boolean",
    default: true,
    doc: "Mark a draft PR ready for review once its CI passes.",
  },
  mergeMethod: {
    type: "enum",
    values: ["merge", "squash", "rebase"],
    default: "merge",
    doc: "How `merge` lands a PR when the caller does not say. A base branch with a merge queue gets the PR enqueued instead.",
  },
  trustedAuthors: {
    type: "string-list",
    example: ["alice"],
    doc: "Authors trusted besides those with write access to the repository (checked with the collaborators permission endpoint).",
  },
  bots: {
    type: "string-list",
    default: [],
    doc: 'Logins treated as bots (labelled "(bot)" on comments the agent sees), besides every `*[bot]` login.',
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/scm-github`. */
export type ScmGitHubOptions = OptionInput<typeof OPTIONS>;

export interface ScmGitHubSettings {
  auth: GitHubAuth;
  baseUrl: string | undefined;
  gitUrl: string;
  webhookSecretEnv: string | undefined;
  requestTimeoutMs: number;
  draft: boolean;
  readyWhenGreen: boolean;
  mergeMethod: "merge" | "squash" | "rebase";
  trustedAuthors: string[];
  bots: string[];
}

/** Where git lives for an API base: github.com, GHES (`/api/v3` stripped), or the base itself. */
export function gitUrlFor(baseUrl: string | undefined): string {
  if (!baseUrl || /^https:\/\/api\.github\.com\/?$/.test(baseUrl)) return "https://github.com";
  return baseUrl.replace(/\/+$/, "").replace(/\/api\/v3$/, "");
}

/** Turn validated options into settings; App options come as a set of three. */
export function parseOptions(raw: OptionValues<typeof OPTIONS>): ScmGitHubSettings {
  if (raw.requestTimeout <= 0)
    throw errors.pluginOption(PLUGIN, "requestTimeout", "must be longer than 0", 'Set requestTimeout: "30s"');
  if (raw.gitUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(raw.gitUrl))
    throw errors.pluginOption(
      PLUGIN,
      "gitUrl",
      "is not an http(s) URL",
      'Write e.g. "https://github.example.com".',
    );
  const auth = authFromOptions(PLUGIN, raw);
  return {
    auth,
    baseUrl: raw.baseUrl,
    gitUrl: (raw.gitUrl ?? gitUrlFor(raw.baseUrl)).replace(/\/+$/, ""),
    webhookSecretEnv: raw.webhookSecretEnv,
    requestTimeoutMs: raw.requestTimeout,
    draft: raw.draft,
    readyWhenGreen: raw.readyWhenGreen,
    mergeMethod: raw.mergeMethod,
    trustedAuthors: raw.trustedAuthors ?? [],
    bots: raw.bots,
  };
}
