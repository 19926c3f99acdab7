import { existsSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The fake agent CLIs there are; a later agent's fake is one more module in `fake-clis/` and a name here. */
export const FAKE_AGENT_CLIS = ["claude", "codex", "aider", "goose", "opencode", "cursor-agent"] as const;
export type FakeAgentCliName = (typeof FAKE_AGENT_CLIS)[number];

/** Where the fake CLIs' scripts live (plain `.mjs`, run by node, shared by src and dist). */
export function fakeAgentCliDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "fake-clis", "main.mjs"))) return join(dir, "fake-clis");
    dir = dirname(dir);
  }
  throw new Error("@ao/testkit: fake-clis/main.mjs not found next to the package");
}

export interface FakeAgentClis {
  /** The directory holding the executables. */
  bin: string;
  /** `PATH` with `bin` first, for the environment of whatever runs the agent. */
  path: string;
  /** Absolute path of each installed executable. */
  executables: Partial<Record<FakeAgentCliName, string>>;
}

/**
 * Install executables named like the real agent CLIs (`claude`, `codex`,
 * `aider`, `goose`, `opencode`, `cursor-agent`) into
 * `dir`. Each runs the fake under node; a scenario (FAKE_AGENT_SCENARIO, or
 * `fake-scenario.json` in the CLI's config dir) says what it does.
 */
export async function installFakeAgentClis(
  dir: string,
  which: Partial<Record<FakeAgentCliName, boolean>> = { claude: true, codex: true },
  basePath = process.env.PATH ?? "",
): Promise<FakeAgentClis> {
  await mkdir(dir, { recursive: true });
  const main = join(fakeAgentCliDir(), "main.mjs");
  const executables: FakeAgentClis["executables"] = {};
  for (const name of FAKE_AGENT_CLIS) {
    if (!which[name]) continue;
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\nexec '${process.execPath}' '${main}' ${name} "$@"\n`);
    await chmod(file, 0o755);
    executables[name] = file;
  }
  return { bin: dir, path: [dir, basePath].filter(Boolean).join(delimiter), executables };
}
