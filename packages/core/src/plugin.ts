import { AoError, errors } from "./errors.js";
import { type OptionInput, type OptionSpecs, type OptionValues, validateOptions } from "./plugin-options.js";
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

/** A plugin whose options are described as data: validated, defaulted and documented from `options`. */
export interface DeclarativePluginDefinition<S extends Slot, D extends OptionSpecs> {
  slot: S;
  /** The package name, e.g. `@ao/runtime-tmux`. */
  name: string;
  /** Every option the plugin takes; anything else is refused. */
  options: D;
  /** Build the plugin from validated options (defaults applied); checks types cannot say belong here. */
  create(options: OptionValues<D>): PluginImpl<S>;
}

/** What a plugin package default-exports: call it (with options) to get an instance. */
export interface PluginFactory<S extends Slot, O> {
  (...options: {} extends O ? [options?: O] : [options: O]): PluginOf<S>;
  readonly slot: S;
  readonly pluginName: string;
  /** The option descriptions of a declarative plugin (read by docs tools); undefined for the old form. */
  readonly options?: OptionSpecs;
}

/**
 * Define a plugin. The result is the package's default export:
 * `export default definePlugin({ slot: "runtime", name: "@ao/runtime-tmux", options: {...}, create(opts) {...} })`.
 * The form without `options` validates nothing for the plugin: its `create` gets the raw object.
 */
export function definePlugin<S extends Slot, const D extends OptionSpecs>(
  definition: DeclarativePluginDefinition<S, D>,
): PluginFactory<S, OptionInput<D>> & { readonly options: D };
export function definePlugin<S extends Slot, O = {}>(definition: PluginDefinition<S, O>): PluginFactory<S, O>;
export function definePlugin<S extends Slot>(definition: {
  slot: S;
  name: string;
  options?: OptionSpecs;
  create(options: never): PluginImpl<S>;
}): unknown {
  const create = definition.create as (options: unknown) => PluginImpl<S>;
  const specs = definition.options;
  const factory = ((options?: unknown) => {
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
      const raw = options ?? {};
      impl = create(specs ? validateOptions(definition.name, specs, raw) : raw);
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
  }) as unknown as PluginFactory<S, unknown>;
  Object.defineProperty(factory, "slot", { value: definition.slot, enumerable: true });
  Object.defineProperty(factory, "pluginName", { value: definition.name, enumerable: true });
  if (specs) Object.defineProperty(factory, "options", { value: specs, enumerable: true });
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
