import { execFile } from "node:child_process";

/** Where a GitHub plugin's credential comes from; never the credential itself. */
export type TokenSource =
  | { kind: "env"; name: string }
  | { kind: "gh" }
  | { kind: "app"; appId: string; installationId: number }
  | { kind: "none"; name: string };

/** The auth options the GitHub plugins share (`tokenEnv`, `appId`, ...). */
export interface GitHubAuthOptions {
  tokenEnv?: string;
  appId?: string;
  appPrivateKeyFile?: string;
  appInstallationId?: number;
  baseUrl?: string;
}

/** Whether `gh auth token` has a token for the host (the output is dropped, never kept or printed). */
function ghHasToken(host: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      "gh",
      ["auth", "token", "--hostname", host],
      { env, timeout: 10_000, windowsHide: true },
      (error, stdout) => resolve(!error && stdout.trim().length > 0),
    );
  });
}

export function hostOf(baseUrl: string | undefined): string {
  if (!baseUrl) return "github.com";
  try {
    const host = new URL(baseUrl).host;
    return host === "api.github.com" ? "github.com" : host;
  } catch {
    return "github.com";
  }
}

/** The source the plugins will use, in their order: an App, the env var, then `gh auth token`. */
export async function tokenSource(options: GitHubAuthOptions, env: NodeJS.ProcessEnv): Promise<TokenSource> {
  if (options.appId !== undefined && options.appInstallationId !== undefined)
    return { kind: "app", appId: options.appId, installationId: options.appInstallationId };
  const name = options.tokenEnv ?? "GITHUB_TOKEN";
  if (env[name]?.trim()) return { kind: "env", name };
  if (await ghHasToken(hostOf(options.baseUrl), env)) return { kind: "gh" };
  return { kind: "none", name };
}

/** How a source reads in `ao init` and `ao doctor`. */
export function describeSource(source: TokenSource): string {
  switch (source.kind) {
    case "env":
      return `the token in $${source.name}`;
    case "gh":
      return "the GitHub CLI's login (`gh auth token`)";
    case "app":
      return `GitHub App ${source.appId}, installation ${source.installationId}`;
    case "none":
      return `no token: $${source.name} is not set and \`gh auth token\` gives none`;
  }
}
