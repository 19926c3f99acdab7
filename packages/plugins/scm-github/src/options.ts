import type { GitHubAuth } from "@ao/github-client";
import { errors, type OptionInput, type OptionSpecs, type OptionValues } from "@ao/core";

export const PLUGIN = "@ao/scm-github";

/** Options of `@ao/scm-github` (`["github", { mergeMethod: "squash" }]`). */
export const OPTIONS = {
  tokenEnv: {
    type: "string",
    default: "GITHUB_TOKEN",
    doc: "Environment variable holding the token (classic: `repo`; fine-grained: Contents, Pull requests RW, Checks, Actions, Commit statuses read). Unset: `gh auth token` when gh is logged in.",
  },
  appId: {
    type: "string",
    example: "123456",
    doc: "GitHub App id: authenticate as an App installation instead of a token (with appPrivateKeyFile and appInstallationId).",
  },
  appPrivateKeyFile: {
    type: "string",
    example: "~/.config/ao/app.pem",
    doc: "Path of the GitHub App's private key (.pem).",
  },
  appInstallationId: {
    type: "number",
    integer: true,
    min: 1,
    example: 4242,
    doc: "The App's installation id on the repository's owner.",
  },
  baseUrl: {
    type: "string",
    example: "https://github.example.com/api/v3",
    doc: "REST API base URL, for GitHub Enterprise Server. Default: github.com.",
  },
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

function expandHome(path: string): string {
  return path.startsWith("~/") ? `${process.env.HOME ?? ""}${path.slice(1)}` : path;
}

/** Turn validated options into settings; App options come as a set of three. */
export function parseOptions(raw: OptionValues<typeof OPTIONS>): ScmGitHubSettings {
  const app = [raw.appId, raw.appPrivateKeyFile, raw.appInstallationId];
  const given = app.filter((v) => v !== undefined).length;
  if (given > 0 && given < 3)
    throw errors.pluginOption(
      PLUGIN,
      raw.appId === undefined
        ? "appId"
        : raw.appPrivateKeyFile === undefined
          ? "appPrivateKeyFile"
          : "appInstallationId",
      "is missing: a GitHub App needs appId, appPrivateKeyFile and appInstallationId together",
      "Set all three App options, or none to use a token.",
    );
  if (raw.requestTimeout <= 0)
    throw errors.pluginOption(PLUGIN, "requestTimeout", "must be longer than 0", 'Set requestTimeout: "30s"');
  for (const url of [raw.baseUrl, raw.gitUrl]) {
    if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url))
      throw errors.pluginOption(
        PLUGIN,
        url === raw.baseUrl ? "baseUrl" : "gitUrl",
        "is not an http(s) URL",
        'Write e.g. "https://github.example.com/api/v3".',
      );
  }
  const auth: GitHubAuth =
    given === 3
      ? {
          kind: "app",
          appId: raw.appId as string,
          privateKeyFile: expandHome(raw.appPrivateKeyFile as string),
          installationId: raw.appInstallationId as number,
        }
      : { kind: "token", tokenEnv: raw.tokenEnv };
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
