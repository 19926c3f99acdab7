import { pathToFileURL } from "node:url";
import {
  AoError,
  errors,
  isAoError,
  isPluginFactory,
  isPluginInstance,
  type PluginOf,
  type Slot,
  type SlotValue,
} from "@ao/core";
import { pluginNotFoundHint } from "./known.js";
import { cliRoot, locatePackage } from "./locate.js";

/** Where packages are looked up: the config's directory first, then the CLI's own dependencies. */
export interface ResolveBases {
  configDir: string;
  cliDir?: string;
}

/** What a slot value resolved to (for `ao plugins` and `ao doctor`). */
export interface Resolved<S extends Slot> {
  plugin: PluginOf<S>;
  /** The plugin's name (its package). */
  name: string;
  /** "instance" (imported in the config), "config" (from the config's directory) or "cli" (bundled with ao). */
  from: "instance" | "config" | "cli";
  /** The file the package was loaded from, when it was looked up by name. */
  file?: string;
}

/** The packages a slot name may mean: `"tmux"` → `@ao/runtime-tmux`, then the name itself. */
export function candidatesFor(slot: Slot, name: string): string[] {
  if (name.startsWith("@") || name.includes("/")) return [name];
  return [`@ao/${slot}-${name}`, name];
}

function withKey(error: unknown, key: string): Error {
  if (isAoError(error)) {
    return new AoError({
      code: error.code,
      message: `${key}: ${error.message}`,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.plugin ? { plugin: error.plugin } : {}),
      cause: error,
    });
  }
  return error as Error;
}

/** Find a package by name from the config's directory, then from the CLI's dependencies. */
export function locate(
  name: string,
  bases: ResolveBases,
): { file: string; from: "config" | "cli" } | undefined {
  const inConfig = locatePackage(name, bases.configDir);
  if (inConfig) return { file: inConfig, from: "config" };
  const inCli = locatePackage(name, bases.cliDir ?? cliRoot());
  return inCli ? { file: inCli, from: "cli" } : undefined;
}

/**
 * Turn one slot value (instance, name, or `[name, options]`) into a plugin
 * instance of `slot`. Packages are imported here, only when a command needs
 * them. Errors name the config key, the package, the slot and the fix.
 */
export async function resolveSlot<S extends Slot>(
  slot: S,
  value: SlotValue<S>,
  key: string,
  bases: ResolveBases,
  extraOptions?: Record<string, unknown>,
): Promise<Resolved<S>> {
  if (isPluginInstance(value)) {
    if (value.slot !== slot) throw withKey(errors.pluginWrongSlot(value.name, slot, value.slot), key);
    return { plugin: value as PluginOf<S>, name: value.name, from: "instance" };
  }
  const [name, options] =
    typeof value === "string" ? [value, extraOptions] : (value as readonly [string, Record<string, unknown>]);
  const tried = candidatesFor(slot, name);
  let found: { file: string; from: "config" | "cli"; pkg: string } | undefined;
  for (const pkg of tried) {
    const hit = locate(pkg, bases);
    if (hit) {
      found = { ...hit, pkg };
      break;
    }
  }
  if (!found) {
    throw withKey(
      errors.pluginNotFound(slot, name, tried, pluginNotFoundHint(slot, name, bases.configDir)),
      key,
    );
  }
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(found.file).href);
  } catch (error) {
    throw withKey(
      new AoError({
        code: "PLUGIN_IMPORT_FAILED",
        message: `The ${slot} plugin "${found.pkg}" failed to load: ${(error as Error).message}`,
        hint: `Reinstall it: npm install ${found.pkg}`,
        plugin: found.pkg,
        cause: error,
      }),
      key,
    );
  }
  const exported = mod.default ?? mod;
  if (isPluginFactory(exported)) {
    if (exported.slot !== slot) throw withKey(errors.pluginWrongSlot(found.pkg, slot, exported.slot), key);
    try {
      const plugin = (exported as unknown as (o?: unknown) => PluginOf<S>)(options);
      return { plugin, name: exported.pluginName, from: found.from, file: found.file };
    } catch (error) {
      throw withKey(error, key);
    }
  }
  if (isPluginInstance(exported)) {
    if (exported.slot !== slot) throw withKey(errors.pluginWrongSlot(found.pkg, slot, exported.slot), key);
    return { plugin: exported as PluginOf<S>, name: exported.name, from: found.from, file: found.file };
  }
  throw withKey(errors.pluginBadExport(found.pkg, slot), key);
}

/** Names of env vars a tuple's options refer to (`tokenEnv`, `webhookUrlEnv`, ...). */
export function envRefs(value: unknown): Array<{ option: string; variable: string }> {
  if (!Array.isArray(value) || typeof value[1] !== "object" || value[1] === null) return [];
  return Object.entries(value[1] as Record<string, unknown>)
    .filter(([option, v]) => option.endsWith("Env") && typeof v === "string")
    .map(([option, v]) => ({ option, variable: v as string }));
}

/** One problem per env var that a config names but the environment lacks. Values are never read out. */
export function missingEnv(key: string, value: unknown, env: Record<string, string | undefined>): string[] {
  return envRefs(value)
    .filter(({ variable }) => !env[variable])
    .map(
      ({ option, variable }) =>
        `${key}.${option}: the environment variable ${variable} is not set — export ${variable} before running ao (its value is never printed)`,
    );
}
