import { AoError, errors, type ProjectRef } from "@ao/core";
import type { GitHubAuth } from "./auth.js";

/**
 * The credential options both GitHub plugins take, declared once so the
 * tracker and the SCM cannot drift apart. `tokenDoc` says which permissions
 * the plugin needs (they differ per slot).
 */
export function authOptions(tokenDoc: string) {
  return {
    tokenEnv: {
      type: "string",
      default: "GITHUB_TOKEN",
      doc: `Environment variable holding the token (${tokenDoc}). Unset: \`gh auth token\` when gh is logged in.`,
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
  } as const;
}

/** The validated values of `authOptions`. */
export interface AuthOptionValues {
  tokenEnv: string;
  appId?: string | undefined;
  appPrivateKeyFile?: string | undefined;
  appInstallationId?: number | undefined;
  baseUrl?: string | undefined;
}

/**
 * The credential the options describe: an App when its three options are
 * set (all or none), else the token variable. `plugin` names the package in
 * the error.
 */
export function authFromOptions(plugin: string, o: AuthOptionValues): GitHubAuth {
  const app = {
    appId: o.appId,
    appPrivateKeyFile: o.appPrivateKeyFile,
    appInstallationId: o.appInstallationId,
  };
  const missing = Object.entries(app).filter(([, v]) => v === undefined);
  if (missing.length > 0 && missing.length < 3)
    throw errors.pluginOption(
      plugin,
      (missing[0] as [string, unknown])[0],
      "is missing: a GitHub App needs appId, appPrivateKeyFile and appInstallationId together",
      "Set all three App options, or none to use a token.",
    );
  if (o.baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(o.baseUrl))
    throw errors.pluginOption(
      plugin,
      "baseUrl",
      "is not an http(s) URL",
      'Write e.g. "https://github.example.com/api/v3".',
    );
  if (missing.length === 3) return { kind: "token", tokenEnv: o.tokenEnv };
  return {
    kind: "app",
    appId: o.appId as string,
    privateKeyFile: expandHome(o.appPrivateKeyFile as string),
    installationId: o.appInstallationId as number,
  };
}

function expandHome(path: string): string {
  return path.startsWith("~/") ? `${process.env.HOME ?? ""}${path.slice(1)}` : path;
}

export interface RepoName {
  owner: string;
  repo: string;
  /** `owner/repo`, as webhook events carry it. */
  fullName: string;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/**
 * The project's `repo` as owner and name (an https URL of the repository is
 * accepted too); anything else is refused with what to write instead.
 */
export function repoName(project: ProjectRef, slot: "tracker" | "SCM"): RepoName {
  const raw = project.repo
    .trim()
    .replace(/^https:\/\/[^/]+\//, "")
    .replace(/\.git$/, "");
  const m = NAME.exec(raw);
  if (!m)
    throw new AoError({
      code: "CONFIG_INVALID",
      message: `Project ${project.id}: repo "${project.repo}" is not a GitHub repository name.`,
      hint: `Write repo: "owner/name" (e.g. "acme/app") for the github ${slot}.`,
    });
  return { owner: m[1] as string, repo: m[2] as string, fullName: `${m[1]}/${m[2]}` };
}
