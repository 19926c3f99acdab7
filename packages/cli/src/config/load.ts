import { dirname } from "node:path";
import { type AoConfig, AoError, type ConfigInput, errors } from "@ao/core";
import { cliOwnScope, cliRoot, locatePackage, packageEntry } from "../plugins/locate.js";
import { type FindOptions, requireConfig } from "./find.js";
import { normalizeConfig, type ResolvedConfig } from "./normalize.js";

export interface LoadOptions extends FindOptions {
  /** The command being run, handed to a function-form config. */
  command?: string;
}

/**
 * Aliases so `@ao/cli` and the `@ao/*` packages the CLI depends on resolve to
 * the running CLI's own copies: a config works with no local install.
 */
export function cliAliases(): Record<string, string> {
  const root = cliRoot();
  const aliases: Record<string, string> = {};
  const self = packageEntry(root);
  if (self) aliases["@ao/cli"] = self;
  for (const name of cliOwnScope()) {
    const entry = locatePackage(name, root);
    if (entry) aliases[name] = entry;
  }
  return aliases;
}

/** What was thrown, as text (a config may throw anything, not only an Error). */
function thrownText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** `file:line` of the first stack frame inside the config file, when the error has one. */
function whereInConfig(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const line = stack.split("\n").find((l) => l.includes(file));
  const match = line ? /:(\d+):\d+\)?$/.exec(line.trim()) : null;
  return match ? ` (${file}:${match[1]})` : "";
}

/** Import a config file (TypeScript included, no build step) and evaluate its default export. */
export async function importConfig(
  file: string,
  command: string,
  env: Record<string, string | undefined>,
): Promise<unknown> {
  const { createJiti } = await import("jiti");
  const jiti = createJiti(cliRoot(), { alias: cliAliases(), interopDefault: false, moduleCache: false });
  let exported: ConfigInput;
  try {
    const mod = (await jiti.import(file)) as { default?: unknown } | null;
    exported = (mod && typeof mod === "object" && "default" in mod ? mod.default : mod) as ConfigInput;
  } catch (error) {
    throw new AoError({
      code: "CONFIG_LOAD_FAILED",
      message: `${file} could not be loaded: ${thrownText(error)}${whereInConfig(error, file)}`,
      hint: "Fix the error in the config file (it is plain TypeScript, run as is).",
      cause: error,
    });
  }
  try {
    // A function-form or async config runs the user's code: what it throws is a config error, not ao's.
    return typeof exported === "function" ? await exported({ command, env }) : await exported;
  } catch (error) {
    throw new AoError({
      code: "CONFIG_LOAD_FAILED",
      message: `${file}: the config ${typeof exported === "function" ? "function" : "promise"} failed: ${thrownText(error)}${whereInConfig(error, file)}`,
      hint: "Fix the error in the config file's default export (it runs on every ao command).",
      cause: error,
    });
  }
}

/** Find, import, validate and normalize the config. Every problem is reported at once (CONFIG_INVALID). */
export async function loadConfig(options: LoadOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const file = requireConfig(options);
  const value = await importConfig(file, options.command ?? "", env);
  // zod is loaded only once there is a config to check (fast `ao status` without one).
  const { validateConfig } = await import("./validate.js");
  const problems = validateConfig(value);
  if (problems.length > 0) throw errors.config(problems, file);
  return normalizeConfig(value as AoConfig, file, dirname(file), env);
}
