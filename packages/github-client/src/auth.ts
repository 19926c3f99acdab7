import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { githubErrors } from "./errors.js";
import { tokenKey } from "./token-key.js";

/** How the client authenticates. */
export type GitHubAuth =
  | {
      kind: "token";
      /** The environment variable holding the token (default `GITHUB_TOKEN`). */
      tokenEnv?: string;
      /** Fall back to `gh auth token` when the variable is unset (default true). */
      ghFallback?: boolean;
      /** The environment to read (default `process.env`; tests pass their own, with a fake `gh` on PATH). */
      env?: NodeJS.ProcessEnv;
    }
  | {
      kind: "app";
      appId: string | number;
      /** Path of the App's private key (.pem). */
      privateKeyFile: string;
      installationId: number;
    };

/** A resolved credential: what Octokit needs, and the key budgets and caches are shared under. */
export type ResolvedAuth =
  | { kind: "token"; token: string; key: string }
  | { kind: "app"; appId: string | number; privateKey: string; installationId: number; key: string };

/** `gh auth token` output per host, read at most once per process (never logged). */
const ghTokens = new Map<string, Promise<string | null>>();

function hostOf(baseUrl: string | undefined): string {
  if (!baseUrl) return "github.com";
  const host = new URL(baseUrl).host;
  return host === "api.github.com" ? "github.com" : host;
}

function ghToken(host: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const cacheKey = `${env.PATH ?? ""}\n${host}`;
  let p = ghTokens.get(cacheKey);
  if (!p) {
    p = new Promise((resolve) => {
      execFile(
        "gh",
        ["auth", "token", "--hostname", host],
        { env, timeout: 10_000, windowsHide: true },
        (error, stdout) => resolve(error ? null : stdout.trim() || null),
      );
    });
    ghTokens.set(cacheKey, p);
  }
  return p;
}

/** Resolve the configured credential once: the env var, else `gh auth token`, else an App key. */
export async function resolveAuth(auth: GitHubAuth, baseUrl?: string): Promise<ResolvedAuth> {
  if (auth.kind === "app") {
    const privateKey = await readFile(auth.privateKeyFile, "utf8").catch((cause) => {
      throw githubErrors.appKeyUnreadable(auth.privateKeyFile, cause);
    });
    // One budget per installation: its tokens rotate hourly, its limit does not.
    const key = tokenKey(`app:${hostOf(baseUrl)}:${auth.appId}:${auth.installationId}`);
    return { kind: "app", appId: auth.appId, privateKey, installationId: auth.installationId, key };
  }
  const envName = auth.tokenEnv ?? "GITHUB_TOKEN";
  const env = auth.env ?? process.env;
  const fromEnv = env[envName]?.trim();
  const token = fromEnv || (auth.ghFallback === false ? null : await ghToken(hostOf(baseUrl), env));
  if (!token) throw githubErrors.noToken(envName);
  return { kind: "token", token, key: tokenKey(token) };
}
