import { type AgentPlugin, errors, isAoError, type Slot, type SlotValue } from "@ao/core";
import { findExecutable } from "@ao/engine";
import type { ResolvedConfig, ResolvedProject } from "../config/normalize.js";
import { missingEnv, resolveSlot } from "./resolve.js";

/** One slot of one project: what it resolved to, or why it did not. */
export interface SlotRow {
  project: string;
  slot: Slot;
  /** The config key it came from (`projects.app.agent`, `defaults.scm`, `(default)`). */
  key: string;
  /** What the config says (a name, or "(instance)"). */
  configured: string;
  plugin: string | null;
  from: "instance" | "config" | "cli" | null;
  file: string | null;
  error: { code: string; message: string; hint?: string } | null;
  /** Resolved, but something it needs is missing (an agent whose CLI is not installed). */
  warning?: { code: string; message: string; hint?: string };
}

/** A warning when the agent's executable is not installed (spawns would fail with the same words). */
function agentWarning(plugin: AgentPlugin, path: string, checkout: string): SlotRow["warning"] {
  const binary = plugin.binary?.();
  if (!binary || findExecutable(binary.command, path, checkout)) return undefined;
  return errors.agentNotInstalled(plugin.name, binary.command, binary.install).toJSON();
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `${value[0]} (with options)`;
  return `(instance ${(value as { name?: string }).name ?? "?"})`;
}

/** Resolve every slot of a project independently, collecting errors instead of stopping at the first. */
export async function slotRows(
  config: ResolvedConfig,
  project: ResolvedProject,
  env = process.env,
): Promise<SlotRow[]> {
  const s = project.slots;
  const entries: Array<[Slot, { value: unknown; key: string }]> = [
    ["runtime", s.runtime],
    ["agent", s.agent],
    ["workspace", s.workspace],
    ["tracker", s.tracker],
    ["scm", s.scm],
    ...s.notifiers.map((n): [Slot, { value: unknown; key: string }] => ["notifier", n]),
    ["terminal", s.terminal],
    ["lifecycle", s.lifecycle],
  ];
  const rows: SlotRow[] = [];
  for (const [slot, choice] of entries) {
    const base = { project: project.id, slot, key: choice.key, configured: describeValue(choice.value) };
    const missing = missingEnv(choice.key, choice.value, env);
    if (missing.length > 0) {
      rows.push({
        ...base,
        plugin: null,
        from: null,
        file: null,
        error: { code: "MISSING_ENV", message: missing.join("; ") },
      });
      continue;
    }
    try {
      const extra = slot === "lifecycle" ? config.reactions : undefined;
      const r = await resolveSlot(
        slot,
        choice.value as SlotValue<Slot>,
        choice.key,
        { configDir: config.dir },
        extra,
      );
      const warning =
        slot === "agent" ? agentWarning(r.plugin as AgentPlugin, env.PATH ?? "", project.path) : undefined;
      rows.push({
        ...base,
        plugin: r.name,
        from: r.from,
        file: r.file ?? null,
        error: null,
        ...(warning ? { warning } : {}),
      });
    } catch (error) {
      const e = isAoError(error)
        ? error.toJSON()
        : { code: "INTERNAL", message: String((error as Error)?.message ?? error) };
      rows.push({ ...base, plugin: null, from: null, file: null, error: e });
    }
  }
  return rows;
}
