import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AoError } from "@ao/core";
import { gitEnv } from "@ao/plugin-kit/git-workspace";
import { run } from "@ao/plugin-kit/process";
import { PLUGIN } from "./options.js";

/** The variable the askpass helper reads the token from: set only in the git child's environment. */
const TOKEN_VAR = "AO_GITHUB_GIT_TOKEN";

/**
 * git asks the helper for a username, then a password: the username is a
 * placeholder GitHub ignores, the password is the token from the child's env.
 * The script holds no secret; it is written once per process.
 */
const ASKPASS = `#!/bin/sh\ncase "$1" in\n  [Uu]sername*) echo "x-access-token" ;;\n  *) printf '%s\\n' "$${TOKEN_VAR}" ;;\nesac\n`;

let helper: Promise<string> | null = null;
function askpassHelper(): Promise<string> {
  helper ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "ao-askpass-"));
    const file = join(dir, "askpass.sh");
    await writeFile(file, ASKPASS, { mode: 0o700 });
    await chmod(file, 0o700);
    process.once("exit", () => void rm(dir, { recursive: true, force: true }).catch(() => {}));
    return file;
  })();
  return helper;
}

/**
 * Run git against the remote with the token supplied through GIT_ASKPASS:
 * never in the URL, argv, git config or a log. Credential helpers the user
 * configured are switched off for this call, so none stores the token.
 */
export async function gitWithToken(cwd: string, args: string[], token: string): Promise<string> {
  const env = gitEnv({
    GIT_ASKPASS: await askpassHelper(),
    [TOKEN_VAR]: token,
    GIT_TERMINAL_PROMPT: "0",
  });
  delete env.SSH_ASKPASS;
  const result = await run("git", ["-c", "credential.helper=", ...args], { cwd, env, timeoutMs: 120_000 });
  if (result.exitCode !== 0) {
    // git's own message, with anything token-like masked: it never prints the password, but be sure.
    const message = `${result.stderr}${result.stdout}`
      .split(token)
      .join("***")
      .trim()
      .split("\n")
      .slice(-6)
      .join("\n");
    throw new AoError({
      code: "GIT_FAILED",
      message: `${PLUGIN}: git ${args[0]} failed: ${message}`,
      hint: "Check that the token can push to the repository (Contents: write) and that the branch is not protected against the push.",
    });
  }
  return result.stdout;
}

/** The remote head of a branch (`git ls-remote`), or null when the branch does not exist. */
export async function lsRemote(url: string, branch: string, token: string): Promise<string | null> {
  const out = await gitWithToken(tmpdir(), ["ls-remote", url, `refs/heads/${branch}`], token);
  const sha = out.trim().split(/\s+/)[0];
  return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
}
