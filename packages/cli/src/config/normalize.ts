import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import {
  type AgentPermissions,
  type AoConfig,
  type BudgetConfig,
  type ModelPrice,
  parseDuration,
  type SlotDefaults,
  type SlotValue,
} from "@ao/core";
import type { IntakeSettings } from "@ao/engine";
import { notifierName } from "./notifier-names.js";

/** A slot value with where it came from, so errors and `ao plugins` can name the key. */
export interface SlotChoice<V> {
  value: V;
  /** `projects.app.runtime`, `defaults.runtime`, or `(default)`. */
  key: string;
}

export interface ProjectSlots {
  runtime: SlotChoice<SlotValue<"runtime">>;
  agent: SlotChoice<SlotValue<"agent">>;
  workspace: SlotChoice<SlotValue<"workspace">>;
  tracker: SlotChoice<SlotValue<"tracker">>;
  scm: SlotChoice<SlotValue<"scm">>;
  /** `name`: what routing calls it (the record form's key; in the array form the name as written). */
  notifiers: Array<SlotChoice<SlotValue<"notifier">> & { name?: string }>;
  terminal: SlotChoice<SlotValue<"terminal">>;
  lifecycle: SlotChoice<SlotValue<"lifecycle">>;
}

export interface ResolvedProject {
  id: string;
  repo: string;
  /** Absolute path of the local checkout. */
  path: string;
  defaultBranch: string;
  slots: ProjectSlots;
  intake: IntakeSettings;
  /** Variable names granted to this project's agents: the project's `agentEnv`, else `defaults.agentEnv`. */
  agentEnv: string[];
  /** The project's, else the defaults' (each key on its own). */
  agentRules?: string;
  agentRulesFile?: string;
  agentPermissions?: AgentPermissions;
  /** The defaults' caps with the project's over them. */
  budget?: BudgetConfig;
  /** Set only when the project's orchestrator is enabled (the project's keys over the defaults'). */
  orchestrator?: ResolvedOrchestrator;
}

/** An enabled orchestrator, its slots defaulting to the project's. */
export interface ResolvedOrchestrator {
  agent: SlotChoice<SlotValue<"agent">>;
  runtime: SlotChoice<SlotValue<"runtime">>;
  rules?: string;
}

/** The config after validation, with defaults applied and paths made absolute. */
export interface ResolvedConfig {
  /** The config file (absolute). */
  file: string;
  /** Its directory: relative paths and plugin packages resolve from here. */
  dir: string;
  /** AO_HOME: config `dataDir`, else the AO_HOME env var, else ~/.ao. */
  home: string;
  pollIntervalMs: number;
  /** `webhooks.resync`: how often a service whose webhooks are on is still polled (engine default: 10 min). */
  resyncIntervalMs?: number;
  server: { port: number; host: string; allowRemote: boolean; publicUrl?: string };
  intake: IntakeSettings;
  reactions: NonNullable<AoConfig["reactions"]>;
  /** Config `notificationRouting`, as written (names checked against the notifiers). */
  notificationRouting: NonNullable<AoConfig["notificationRouting"]>;
  /** Config `pricing` (the engine puts it over its built-in table). */
  pricing: Record<string, ModelPrice>;
  projects: ResolvedProject[];
}

/** The entries whose value is not undefined (exactOptionalPropertyTypes-friendly spreading). */
function defined<T extends Record<string, unknown>>(
  o: T,
): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

/** Slot names used when neither the project nor `defaults` says anything. */
export const DEFAULT_SLOTS = {
  runtime: "tmux",
  agent: "claude-code",
  workspace: "worktree",
  tracker: "local",
  scm: "local",
  notifiers: ["desktop"],
  terminal: "tmux",
  lifecycle: "reactions",
} as const;

/** `~` and `~/x` expand to the home directory; relative paths resolve from `base`. */
export function expandPath(value: string, base: string): string {
  if (value === "~") return homedir();
  if (value.startsWith("~/")) return join(homedir(), value.slice(2));
  return isAbsolute(value) ? value : resolve(base, value);
}

function looksLikePath(value: string): boolean {
  return (
    value === "~" ||
    value.startsWith("~/") ||
    value.startsWith("./") ||
    value.startsWith("../") ||
    value === "."
  );
}

function pick<K extends Exclude<keyof ProjectSlots, "notifiers">>(
  key: K,
  id: string,
  project: AoConfig["projects"][string],
  defaults: AoConfig["defaults"],
): ProjectSlots[K] {
  if (project[key] !== undefined)
    return { value: project[key], key: `projects.${id}.${key}` } as ProjectSlots[K];
  if (defaults?.[key] !== undefined)
    return { value: defaults[key], key: `defaults.${key}` } as ProjectSlots[K];
  return { value: DEFAULT_SLOTS[key], key: "(default)" } as ProjectSlots[K];
}

/** Both config forms of `notifiers` as a list; the record form names each entry. */
function notifierChoices(
  value: NonNullable<SlotDefaults["notifiers"]>,
  key: string,
): ProjectSlots["notifiers"] {
  if (Array.isArray(value))
    return value.map((v, i) => ({ value: v, key: `${key}[${i}]`, ...defined({ name: notifierName(v) }) }));
  return Object.entries(value).map(([name, v]) => ({ value: v, key: `${key}.${name}`, name }));
}

function orchestratorOf(
  id: string,
  project: AoConfig["projects"][string],
  defaults: AoConfig["defaults"],
  fallback: Pick<ResolvedOrchestrator, "agent" | "runtime">,
): { orchestrator?: ResolvedOrchestrator } {
  const merged = { ...defaults?.orchestrator, ...project.orchestrator };
  if (merged.enabled !== true) return {};
  const keyOf = (k: "agent" | "runtime") =>
    project.orchestrator?.[k] !== undefined
      ? `projects.${id}.orchestrator.${k}`
      : `defaults.orchestrator.${k}`;
  return {
    orchestrator: {
      agent: merged.agent !== undefined ? { value: merged.agent, key: keyOf("agent") } : fallback.agent,
      runtime:
        merged.runtime !== undefined ? { value: merged.runtime, key: keyOf("runtime") } : fallback.runtime,
      ...(merged.rules?.trim() ? { rules: merged.rules } : {}),
    },
  };
}

/** Apply defaults and expand paths of a config that passed validation. */
export function normalizeConfig(
  config: AoConfig,
  file: string,
  dir: string,
  env: Record<string, string | undefined>,
): ResolvedConfig {
  const intake: IntakeSettings = {
    auto: config.intake?.auto ?? false,
    labels: config.intake?.labels ?? [],
    maxConcurrent: config.intake?.maxConcurrent ?? 5,
    ...(config.intake?.assignee ? { assignee: config.intake.assignee } : {}),
    ...(config.intake?.milestone ? { milestone: config.intake.milestone } : {}),
  };
  const home = config.dataDir
    ? expandPath(config.dataDir, dir)
    : env.AO_HOME
      ? expandPath(env.AO_HOME, process.cwd())
      : join(homedir(), ".ao");
  const projects = Object.entries(config.projects).map(([id, p]): ResolvedProject => {
    const notifiers =
      p.notifiers !== undefined
        ? notifierChoices(p.notifiers, `projects.${id}.notifiers`)
        : config.defaults?.notifiers !== undefined
          ? notifierChoices(config.defaults.notifiers, "defaults.notifiers")
          : DEFAULT_SLOTS.notifiers.map((value) => ({ value, key: "(default)", name: value }));
    return {
      id,
      repo: looksLikePath(p.repo) ? expandPath(p.repo, dir) : p.repo,
      path: expandPath(p.path, dir),
      defaultBranch: p.defaultBranch ?? "main",
      slots: {
        runtime: pick("runtime", id, p, config.defaults),
        agent: pick("agent", id, p, config.defaults),
        workspace: pick("workspace", id, p, config.defaults),
        tracker: pick("tracker", id, p, config.defaults),
        scm: pick("scm", id, p, config.defaults),
        notifiers,
        terminal: pick("terminal", id, p, config.defaults),
        lifecycle: pick("lifecycle", id, p, config.defaults),
      },
      intake: { ...intake, ...p.intake } as IntakeSettings,
      agentEnv: [...(p.agentEnv ?? config.defaults?.agentEnv ?? [])],
      ...defined({
        agentRules: p.agentRules ?? config.defaults?.agentRules,
        agentRulesFile: p.agentRulesFile ?? config.defaults?.agentRulesFile,
        agentPermissions: p.agentPermissions ?? config.defaults?.agentPermissions,
        budget: p.budget || config.defaults?.budget ? { ...config.defaults?.budget, ...p.budget } : undefined,
      }),
      ...orchestratorOf(id, p, config.defaults, {
        agent: pick("agent", id, p, config.defaults),
        runtime: pick("runtime", id, p, config.defaults),
      }),
    };
  });
  return {
    file,
    dir,
    home,
    pollIntervalMs: parseDuration(config.pollInterval ?? "30s"),
    ...(config.webhooks?.resync !== undefined
      ? { resyncIntervalMs: parseDuration(config.webhooks.resync) }
      : {}),
    server: {
      port: config.server?.port ?? 3000,
      host: config.server?.host ?? "127.0.0.1",
      allowRemote: config.server?.allowRemote ?? false,
      ...(config.server?.publicUrl ? { publicUrl: config.server.publicUrl } : {}),
    },
    intake,
    reactions: config.reactions ?? {},
    notificationRouting: config.notificationRouting ?? {},
    pricing: config.pricing ?? {},
    projects,
  };
}
