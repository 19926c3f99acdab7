import type { ResolvedProject } from "../config/normalize.js";
import type { GitHubAuthOptions } from "./token-source.js";

/** A project's GitHub plugins as the config names them, with their options (when written as a tuple). */
export interface GitHubSlots {
  tracker?: Record<string, unknown>;
  scm?: Record<string, unknown>;
}

const NAMES = { tracker: ["github", "@ao/tracker-github"], scm: ["github", "@ao/scm-github"] };

function optionsIf(value: unknown, names: string[]): Record<string, unknown> | undefined {
  if (typeof value === "string") return names.includes(value) ? {} : undefined;
  if (Array.isArray(value) && typeof value[0] === "string" && names.includes(value[0]))
    return (value[1] ?? {}) as Record<string, unknown>;
  // An imported instance does not show its options: it is taken with the defaults.
  const name = (value as { name?: unknown } | null)?.name;
  return typeof name === "string" && names.slice(1).includes(name) ? {} : undefined;
}

/** Which of the project's tracker and SCM are GitHub's. */
export function githubSlots(project: ResolvedProject): GitHubSlots {
  const tracker = optionsIf(project.slots.tracker.value, NAMES.tracker);
  const scm = optionsIf(project.slots.scm.value, NAMES.scm);
  return { ...(tracker ? { tracker } : {}), ...(scm ? { scm } : {}) };
}

/** The auth options of a GitHub plugin's options object (unknown types are left out). */
export function authOptions(options: Record<string, unknown>): GitHubAuthOptions {
  const str = (k: string) => (typeof options[k] === "string" ? (options[k] as string) : undefined);
  const out: GitHubAuthOptions = {};
  const tokenEnv = str("tokenEnv");
  const appId = str("appId");
  const key = str("appPrivateKeyFile");
  const baseUrl = str("baseUrl");
  if (tokenEnv) out.tokenEnv = tokenEnv;
  if (appId) out.appId = appId;
  if (key) out.appPrivateKeyFile = key;
  if (baseUrl) out.baseUrl = baseUrl;
  if (typeof options.appInstallationId === "number") out.appInstallationId = options.appInstallationId;
  return out;
}
