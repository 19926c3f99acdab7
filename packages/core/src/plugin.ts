import { AoError, errors } from "./errors.js";
import type { AgentPlugin } from "./slots/agent.js";
import type { LifecyclePlugin } from "./slots/lifecycle.js";
import type { NotifierPlugin } from "./slots/notifier.js";
import type { RuntimePlugin } from "./slots/runtime.js";
import type { ScmPlugin } from "./slots/scm.js";
import type { TerminalPlugin } from "./slots/terminal.js";
import type { TrackerPlugin } from "./slots/tracker.js";
import type { WorkspacePlugin } from "./slots/workspace.js";

/** The eight slots and the interface each one's plugins implement. */
export interface SlotMap {
  runtime: RuntimePlugin;
  agent: AgentPlugin;
  workspace: WorkspacePlugin;
  tracker: TrackerPlugin;
  scm: ScmPlugin;
  notifier: NotifierPlugin;
  terminal: TerminalPlugin;
  lifecycle: LifecyclePlugin;
}
export type Slot = keyof SlotMap;
export const SLOTS: readonly Slot[] = [
  "runtime",
  "agent",
  "workspace",
  "tracker",
  "scm",
  "notifier",
  "terminal",
  "lifecycle",
];

/** A plugin instance of slot `S`. */
export type PluginOf<S extends Slot> = SlotMap[S];

/** The methods a plugin author writes: the instance without `slot` and `name`, which the helper stamps. */
export type PluginImpl<S extends Slot> = Omit<SlotMap[S], "slot" | "name">;

export interface PluginDefinition<S extends Slot, O> {
  slot: S;
  /** The package name, e.g. `@ao/runtime-tmux`. */
  name: string;
  /** Validate `options` (throw {@link errors.pluginOption} naming the option) and build the plugin. */
  create(options: O): PluginImpl<S>;
}

/** What a plugin package default-exports: call it (with options) to get an instance. */
export interface PluginFactory<S extends Slot, O> {
  (...options: {} extends O ? [options?: O] : [options: O]): PluginOf<S>;
  readonly slot: S;
  readonly pluginName: string;
}

/**
 * Define a plugin. The result is the package's default export:
 * `export default definePlugin({ slot: "runtime", name: "@ao/runtime-tmux", create(options) {...} })`.
 */
export function definePlugin<S extends Slot, O = {}>(
  definition: PluginDefinition<S, O>,
): PluginFactory<S, O> {
  const factory = ((options?: O) => {
    if (
      options !== undefined &&
      (options === null || typeof options !== "object" || Array.isArray(options))
    ) {
      throw errors.pluginOption(
        definition.name,
        "(options)",
        "must be an object",
        "Pass an options object, or nothing.",
      );
    }
    let impl: PluginImpl<S>;
    try {
      impl = definition.create((options ?? {}) as O);
    } catch (error) {
      if (error instanceof AoError) {
        error.plugin ??= definition.name;
        throw error;
      }
      throw new AoError({
        code: "PLUGIN_CREATE_FAILED",
        message: `${definition.name}: creating the ${definition.slot} plugin failed: ${(error as Error).message}`,
        hint: `Check the options given to ${definition.name} in ao.config.ts; if they are right, report this to the plugin's authors.`,
        plugin: definition.name,
        cause: error,
      });
    }
    return Object.assign(impl as object, {
      slot: definition.slot,
      name: definition.name,
    }) as unknown as PluginOf<S>;
  }) as unknown as PluginFactory<S, O>;
  Object.defineProperty(factory, "slot", { value: definition.slot, enumerable: true });
  Object.defineProperty(factory, "pluginName", { value: definition.name, enumerable: true });
  return factory;
}

/** True for an object shaped like a plugin instance of any slot. */
export function isPluginInstance(value: unknown): value is PluginOf<Slot> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { slot?: unknown }).slot === "string" &&
    SLOTS.includes((value as { slot: Slot }).slot) &&
    typeof (value as { name?: unknown }).name === "string"
  );
}

/** True for a function made by {@link definePlugin}. */
export function isPluginFactory(value: unknown): value is PluginFactory<Slot, unknown> {
  return (
    typeof value === "function" &&
    SLOTS.includes((value as { slot?: Slot }).slot as Slot) &&
    typeof (value as { pluginName?: unknown }).pluginName === "string"
  );
}

/** Option helpers for plugin factories: each failure names the plugin and the option. */
export const options = {
  string(plugin: string, name: string, value: unknown, fallback?: string): string {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== "string" || value.length === 0) {
      throw errors.pluginOption(
        plugin,
        name,
        `must be a non-empty string (got ${describe(value)})`,
        `Set ${name}: "..."`,
      );
    }
    return value;
  },
  optionalString(plugin: string, name: string, value: unknown): string | undefined {
    return value === undefined ? undefined : options.string(plugin, name, value);
  },
  number(plugin: string, name: string, value: unknown, fallback: number, min = 0): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      throw errors.pluginOption(
        plugin,
        name,
        `must be a number >= ${min} (got ${describe(value)})`,
        `Set ${name}: ${fallback}`,
      );
    }
    return value;
  },
  boolean(plugin: string, name: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      throw errors.pluginOption(
        plugin,
        name,
        `must be true or false (got ${describe(value)})`,
        `Set ${name}: ${fallback}`,
      );
    }
    return value;
  },
  stringArray(plugin: string, name: string, value: unknown, fallback: string[] = []): string[] {
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw errors.pluginOption(
        plugin,
        name,
        `must be an array of strings (got ${describe(value)})`,
        `Set ${name}: ["..."]`,
      );
    }
    return value as string[];
  },
  oneOf<T extends string>(
    plugin: string,
    name: string,
    value: unknown,
    allowed: readonly T[],
    fallback: T,
  ): T {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || !allowed.includes(value as T)) {
      throw errors.pluginOption(
        plugin,
        name,
        `must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${describe(value)})`,
        `Set ${name}: "${fallback}"`,
      );
    }
    return value as T;
  },
  /** Reject keys the plugin does not know, so a typo is not silently ignored. */
  known(plugin: string, value: object, keys: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        throw errors.pluginOption(
          plugin,
          key,
          "is not an option of this plugin",
          `Known options: ${keys.join(", ") || "none"}.`,
        );
      }
    }
  },
};

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
