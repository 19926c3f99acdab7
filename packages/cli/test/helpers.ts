import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(CLI_DIR, "test", "fixtures");
export const BIN = join(CLI_DIR, "dist", "bin.js");

/** A temp dir outside the repository (no node_modules anywhere above it). */
export function outsideTemp(prefix = "ao-cli-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy a fixture case into a fresh temp dir; `packages` are installed into its node_modules. */
export function copyFixture(name: string, packages: string[] = []): { dir: string; cleanup(): void } {
  const t = outsideTemp();
  cpSync(join(FIXTURES, name), t.dir, { recursive: true });
  for (const pkg of packages) {
    const target = join(t.dir, "node_modules", pkg);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(FIXTURES, "packages", pkg), target, { recursive: true });
  }
  return t;
}

/** Replace a temp dir and the home directory in a value, so snapshots are stable. */
export function scrub<T>(value: T, dir: string): T {
  const home = process.env.HOME ?? "/root";
  return JSON.parse(JSON.stringify(value).replaceAll(dir, "<dir>").replaceAll(home, "~")) as T;
}

/** A world for command tests: a temp dir inside the package (so the config can import @ao/testkit). */
export function fakeWorld(): { dir: string; env: NodeJS.ProcessEnv; cleanup(): void } {
  const dir = mkdtempSync(join(CLI_DIR, ".ao-test-"));
  cpSync(join(FIXTURES, "fakes", "ao.config.ts"), join(dir, "ao.config.ts"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AO_HOME: join(dir, "home"),
    AO_TEST_WORLD: join(dir, "world"),
    NO_COLOR: "1",
    AO_CONFIG: "",
  };
  delete env.FORCE_COLOR;
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AoResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `node dist/bin.js ...args` as a child process; its stdin gets `input` (default: nothing) and ends. */
export function ao(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<AoResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: options.env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}
