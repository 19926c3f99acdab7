import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { errors } from "@ao/core";
import { shellQuote } from "./shell-quote.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Files prepared for one session before tmux starts it. */
export interface LaunchFiles {
  /** The per-session directory (mode 0700). */
  dir: string;
  /** The wrapper script tmux runs with `sh`. */
  script: string;
  /** Everything the pane prints, appended by `pipe-pane`. */
  log: string;
}

/**
 * Write the environment to a mode-0600 file and a wrapper that sources it,
 * deletes it and execs the agent. Secret values thus never appear on a
 * command line (neither tmux's nor the shell's) and do not outlive the start.
 *
 * A pane inherits the tmux server's global environment (the user's own
 * server holds whatever their shell exported), so the wrapper first re-runs
 * itself under `env -i`: the agent gets exactly `env`, plus the pane's TERM
 * (tmux decides the terminal type, so a TERM in `env` is ignored).
 */
export async function writeLaunchFiles(
  plugin: string,
  dir: string,
  command: readonly string[],
  env: Record<string, string>,
  echo: boolean,
): Promise<LaunchFiles> {
  if (command.length === 0 || command.some((word) => typeof word !== "string")) {
    throw errors.usage(
      `${plugin}: the command must be a non-empty array of strings.`,
      "Check the agent's `run` option.",
    );
  }
  for (const name of Object.keys(env)) {
    if (!ENV_NAME.test(name)) {
      throw errors.usage(
        `${plugin}: "${name}" is not a valid environment variable name.`,
        "Use letters, digits and _ (not starting with a digit) in agentEnv, passEnv and env names.",
      );
    }
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const envFile = join(dir, `env-${randomBytes(6).toString("hex")}`);
  const body = Object.entries(env)
    .filter(([name]) => name !== "TERM")
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join("");
  await writeFile(envFile, body, { mode: 0o600 });
  const script = join(dir, "launch.sh");
  const lines = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
    'if [ "$1" != --clean ]; then exec env -i TERM="${TERM:-xterm}" /bin/sh "$0" --clean; exit 127; fi',
    // Without tty echo a line-mode agent's pane shows only what it printed, never the typed
    // message interleaved with its own output; TUIs switch echo off themselves anyway.
    ...(echo ? [] : ["stty -echo 2>/dev/null"]),
    `. ${shellQuote(envFile)}`,
    `rm -f ${shellQuote(envFile)}`,
    `exec ${command.map(shellQuote).join(" ")}`,
    "",
  ];
  await writeFile(script, lines.join("\n"), { mode: 0o600 });
  const log = join(dir, "output.log");
  await writeFile(log, "", { mode: 0o600 });
  return { dir, script, log };
}
