import { chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Where the container's own files sit inside it: the entrypoint and the env file. */
export const AO_DIR = "/ao";

/** A session's directory on the host, under the plugin's state dir: named after its container. */
export interface SessionPaths {
  dir: string;
  /** Mounted as the agent's HOME, at the same path: kept across destroy so a resume finds its session. */
  home: string;
  /** 0700; holds the env file and the entrypoint; removed at destroy. */
  secret: string;
}

export function sessionPaths(stateDir: string, name: string): SessionPaths {
  const dir = join(stateDir, name);
  return { dir, home: join(dir, "home"), secret: join(dir, "secret") };
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The entrypoint, mounted rather than baked so any image with /bin/sh works.
 * It drops the image's own ENV but PATH (the agent gets the session's
 * environment), sources the env file and turns the terminal's echo off for
 * line-mode agents unless asked to keep it. `before` runs last, just before
 * the agent (the egress relay starts there).
 */
export function entrypointScript(echo: boolean, before: readonly string[] = []): string {
  return [
    "#!/bin/sh",
    // PATH stays the image's: the host's PATH names directories the image does not have.
    "for v in $(env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'); do",
    '  case "$v" in PATH) ;; *) unset "$v" 2>/dev/null ;; esac',
    "done",
    `. ${AO_DIR}/env`,
    ...(echo ? [] : ["stty -echo 2>/dev/null"]),
    ...before,
    'exec "$@"',
    "",
  ].join("\n");
}

/** The session's environment as sourced shell: every value quoted, never on a command line or in `Env`. */
export function envFile(env: Record<string, string>): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    // A name the shell cannot export is dropped rather than breaking the whole file.
    if (!VALID_NAME.test(name)) continue;
    lines.push(`export ${name}=${quote(value)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Write the secret dir (0700), its env file (0600) and the entrypoint; make
 * the home. They belong to the container's user (`uid:gid`) so that it alone
 * can read them: root handing a session to another uid gives them to it.
 */
export async function writeSessionFiles(
  paths: SessionPaths,
  env: Record<string, string>,
  echo: boolean,
  user: string,
  before: readonly string[] = [],
): Promise<void> {
  await mkdir(paths.home, { recursive: true });
  await rm(paths.secret, { recursive: true, force: true });
  await mkdir(paths.secret, { recursive: true, mode: 0o700 });
  await chmod(paths.secret, 0o700);
  const files = [join(paths.secret, "env"), join(paths.secret, "entrypoint.sh")];
  await writeFile(files[0] as string, envFile(env), { mode: 0o600 });
  await writeFile(files[1] as string, entrypointScript(echo, before), { mode: 0o500 });
  const [uid, gid] = user.split(":").map(Number);
  if (process.getuid?.() === 0 && uid !== undefined && Number.isInteger(uid) && uid !== 0) {
    const g = gid !== undefined && Number.isInteger(gid) ? gid : uid;
    for (const path of [paths.home, paths.secret, ...files]) await chown(path, uid, g);
  }
}

/** Remove the env file and entrypoint: the secrets leave the disk with the container. */
export async function removeSecrets(paths: SessionPaths): Promise<void> {
  await rm(paths.secret, { recursive: true, force: true });
}
