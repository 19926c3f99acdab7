import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AoError, errors } from "@ao/core";

/** The file names ao looks for, in order of preference. */
export const CONFIG_NAMES = ["ao.config.ts", "ao.config.mts", "ao.config.js", "ao.config.mjs"] as const;

export interface FindOptions {
  /** `--config <path>`: wins over everything. */
  explicit?: string | undefined;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Where the config is: `--config`, else `AO_CONFIG`, else the nearest
 * ao.config.* in the working directory or its parents. Undefined when none.
 */
export function findConfig(options: FindOptions = {}): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const given = options.explicit ?? env.AO_CONFIG;
  if (given) {
    const file = resolve(cwd, given);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new AoError({
        code: "CONFIG_NOT_FOUND",
        message: `The config file ${file} does not exist.`,
        hint: options.explicit
          ? "Check the path given to --config."
          : "Check the AO_CONFIG environment variable.",
      });
    }
    return file;
  }
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Like {@link findConfig}, but a missing config is a user error. */
export function requireConfig(options: FindOptions = {}): string {
  const file = findConfig(options);
  if (!file) throw errors.configNotFound(options.cwd ?? process.cwd());
  return file;
}
