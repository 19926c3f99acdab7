import {
  type AgentFiles,
  type AgentPlugin,
  type AgentSessionInfo,
  type AgentUsage,
  inertText,
  isTerminal,
  type SessionSnapshot,
} from "@ao/core";
import type { AgentInfo } from "./api.js";
import { describeError } from "./calls.js";
import type { EngineContext, ProjectState } from "./context.js";
import { costOf } from "./pricing.js";

/** How much of the agent's summary is kept: a line for `ao status`, not the transcript. */
export const SUMMARY_MAX = 300;
/** Models per session kept in the journal (a session switching models all day stays bounded). */
const MODELS_MAX = 16;

const count = (n: unknown) => (typeof n === "number" && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/** Usage as the plugin reported it, checked: numbers that are not counts become 0, names inert. */
function cleanUsage(usage: unknown): AgentUsage[] {
  if (!Array.isArray(usage)) return [];
  return usage.slice(0, MODELS_MAX).flatMap((u) =>
    u && typeof u === "object" && typeof u.model === "string"
      ? [
          {
            model: inertText(u.model).slice(0, 100),
            input: count(u.input),
            output: count(u.output),
            cacheRead: count(u.cacheRead),
            cacheWrite: count(u.cacheWrite),
          },
        ]
      : [],
  );
}

/** The next `agent_info` from what the plugin and the observation said, over the previous one. */
export function nextInfo(
  ctx: EngineContext,
  prev: AgentInfo | undefined,
  read: { info: AgentSessionInfo; cursor: unknown } | null,
  observedId: string | undefined,
): AgentInfo {
  const info = read?.info;
  const usage = info?.usage !== undefined ? cleanUsage(info.usage) : (prev?.usage ?? []);
  const own = info?.costUsd;
  const priced = costOf(usage, ctx.pricing);
  const cost =
    typeof own === "number" && Number.isFinite(own) && own >= 0
      ? { costUsd: own, costSource: "agent" as const }
      : usage.length > 0
        ? { costUsd: priced.usd, costSource: "pricing" as const }
        : { costUsd: prev?.costUsd ?? null, ...(prev?.costSource ? { costSource: prev.costSource } : {}) };
  const id = info?.agentSessionId ?? observedId ?? prev?.agentSessionId ?? null;
  const summary = info?.summary !== undefined ? inertText(info.summary).slice(0, SUMMARY_MAX) : prev?.summary;
  return {
    agentSessionId: typeof id === "string" ? inertText(id).slice(0, 200) : null,
    usage,
    ...cost,
    ...(summary ? { summary } : {}),
    cursor: read ? (read.cursor ?? null) : (prev?.cursor ?? null),
  };
}

/** Models without a price, warned about once per engine. */
const warnedModels = new Set<string>();

/**
 * Read the agent's session info from its cursor on (throttled per session;
 * `final` reads regardless, once the agent has exited),
 * and journal an `agent_info` record when anything changed: the agent's
 * session id when first seen, tokens, cost, summary and the new cursor.
 */
export async function observeAgentInfo(
  ctx: EngineContext,
  ps: ProjectState,
  s: SessionSnapshot,
  agent: AgentPlugin,
  files: AgentFiles,
  observedId: string | undefined,
  final = false,
): Promise<void> {
  const prev = ps.journal.fold.agentInfo.get(s.id);
  const now = ctx.clock.now();
  const last = ctx.infoReadAt.get(s.id);
  const due = agent.sessionInfo && (final || last === undefined || now - last >= ctx.sessionInfoIntervalMs);
  const newId = observedId !== undefined && observedId !== prev?.agentSessionId;
  if (!due && !newId) return;
  let read: { info: AgentSessionInfo; cursor: unknown } | null = null;
  if (due && agent.sessionInfo) {
    ctx.infoReadAt.set(s.id, now);
    const fn = agent.sessionInfo.bind(agent);
    const input = {
      cwd: files.root,
      files,
      agentSessionId: prev?.agentSessionId ?? observedId ?? null,
      cursor: prev?.cursor ?? null,
    };
    try {
      read = await ctx.call(agent, "sessionInfo", () => fn(input));
    } catch (error) {
      ctx.log.warn(`Could not read the agent's session info: ${describeError(error)}`, { session: s.id });
    }
  }
  const next = nextInfo(ctx, prev, read, observedId);
  for (const model of costOf(next.usage, ctx.pricing).unpriced) {
    if (next.costSource === "agent" || warnedModels.has(model)) continue;
    warnedModels.add(model);
    ctx.log.warn(`No price for the model ${model}: its tokens count $0. Add it to the config's \`pricing\`.`);
  }
  if (prev && JSON.stringify(prev) === JSON.stringify(next)) return;
  await ctx.record(ps.ref.id, { at: now, kind: "agent_info", session: s.id, ...next });
}

/** What a project has spent: every session's latest cost, ended sessions included. */
export function projectSpend(ps: ProjectState): number {
  let usd = 0;
  for (const info of ps.journal.fold.agentInfo.values()) usd += info.costUsd ?? 0;
  return usd;
}

/**
 * Stop sessions at their budget caps: a session over `sessionUsd`, and every
 * live session once the project is over `projectUsd`. The machine makes the
 * session `stuck` (reason budget), stops its agent and notifies a human.
 */
export async function enforceBudget(
  ctx: EngineContext,
  ps: ProjectState,
  live: SessionSnapshot[],
): Promise<void> {
  const caps = ps.project.budget;
  if (!caps || (caps.sessionUsd === undefined && caps.projectUsd === undefined)) return;
  const spent = projectSpend(ps);
  for (const s of live) {
    if (isTerminal(s.state) || s.facts.escalation?.cause === "budget") continue;
    const cost = ps.journal.fold.agentInfo.get(s.id)?.costUsd ?? 0;
    const over =
      caps.sessionUsd !== undefined && cost >= caps.sessionUsd
        ? { spentUsd: cost, capUsd: caps.sessionUsd, scope: "session" as const }
        : caps.projectUsd !== undefined && spent >= caps.projectUsd
          ? { spentUsd: spent, capUsd: caps.projectUsd, scope: "project" as const }
          : null;
    if (over) await ctx.dispatch(s.id, { type: "budget_exceeded", at: ctx.clock.now(), ...over });
  }
}
