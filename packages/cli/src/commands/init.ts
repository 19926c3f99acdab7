import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { AoError } from "@ao/core";
import { chooseAgent } from "../agent-clis.js";
import { CONFIG_NAMES } from "../config/find.js";
import { expandPath } from "../config/normalize.js";
import { paint, progress, say } from "../output.js";
import { describeSource, tokenSource } from "../github/token-source.js";
import type { CommandRun } from "../program.js";
import { configTemplate, createLocalRemote, repoInfo } from "../repo-info.js";

/** Write a default ao.config.ts for the repository in `dir`; returns its path. */
export async function writeDefaultConfig(dir: string, force = false): Promise<string> {
  const existing = CONFIG_NAMES.map((n) => join(dir, n)).find((f) => existsSync(f));
  if (existing && !force) {
    throw new AoError({
      code: "CONFIG_EXISTS",
      message: `${existing} already exists.`,
      hint: "Edit it, or pass --force to overwrite it.",
    });
  }
  const info = await repoInfo(dir);
  if (!info) {
    throw new AoError({
      code: "NOT_A_REPO",
      message: `${dir} is not inside a git repository.`,
      hint: "Run `git init` first, or `ao init` inside a repository.",
    });
  }
  if (info.kind === "local" && !info.remote) {
    // scm-local needs a bare repository as the remote: make it, so `ao start` works next.
    const bare = expandPath(info.repo, dir);
    mkdirSync(dirname(bare), { recursive: true });
    await createLocalRemote(dir, info, bare);
    progress(`created a bare repository as origin: ${bare}`);
  }
  const agent = chooseAgent();
  progress(agent.reason);
  const file = join(dir, "ao.config.ts");
  writeFileSync(file, configTemplate(info, ".", agent));
  return file;
}

/** `ao init [--yes]`. */
export const run: CommandRun = async (_args, options) => {
  const dir = process.cwd();
  if (!options.yes) {
    if (!process.stdin.isTTY)
      throw new AoError({
        code: "USAGE",
        kind: "usage",
        message: "ao init asks questions on a terminal.",
        hint: "Pass --yes to accept the defaults.",
      });
    const info = await repoInfo(dir);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(
      `Write ao.config.ts for ${info?.repo ?? dir} (tracker and scm: ${info?.kind ?? "local"})? [Y/n] `,
    );
    rl.close();
    if (/^n/i.test(answer.trim())) return 1;
  }
  const file = await writeDefaultConfig(dir, options.force === true);
  say(`${paint("green", "wrote")} ${file}`);
  const info = await repoInfo(dir);
  if (info?.kind === "github") {
    // Which credential the GitHub plugins will use (never the credential itself).
    const source = await tokenSource({}, process.env);
    say(
      source.kind === "none"
        ? `${paint("yellow", "GitHub:")} ${describeSource(source)}. Export GITHUB_TOKEN or run \`gh auth login\` before \`ao start\`.`
        : `GitHub: tracker and scm "github" for ${info.repo}, using ${describeSource(source)}.`,
    );
  }
  say("Next: `ao doctor` checks it, `ao start` runs the daemon, `ao spawn <issue>` starts a session.");
  return 0;
};
