import type { SessionSnapshot } from "@ao/core";
import type { AgentInfo } from "@ao/engine";

/** `ao status --why <id> --json`: the evidence behind a session's state. */
export interface WhyReport {
  session: string;
  state: SessionSnapshot["state"];
  activity: null | {
    state: string;
    source: string;
    evidence: string | null;
    /** When the evidence happened (ISO 8601): its own time when the agent gave one, else when it was seen. */
    evidenceAt: string;
    /** How old the evidence is now, in ms. */
    ageMs: number;
    since: string;
    resetsAt: string | null;
  };
  escalation: null | { reason: string; cause: string | null; at: string };
  runtimeAlive: boolean | null;
  agent: null | {
    agentSessionId: string | null;
    costUsd: number | null;
    costSource: string | null;
    usage: AgentInfo["usage"];
    summary: string | null;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function whyReport(s: SessionSnapshot, info: AgentInfo | undefined, now: number): WhyReport {
  const a = s.facts.activity;
  const e = s.facts.escalation;
  const evidenceAt = a ? (a.evidenceAt ?? a.at) : 0;
  return {
    session: s.id,
    state: s.state,
    activity: a
      ? {
          state: a.state,
          source: a.source,
          evidence: a.evidence ?? null,
          evidenceAt: iso(evidenceAt),
          ageMs: Math.max(0, now - evidenceAt),
          since: iso(a.since),
          resetsAt: a.resetsAt !== undefined ? iso(a.resetsAt) : null,
        }
      : null,
    escalation: e ? { reason: e.reason, cause: e.cause ?? null, at: iso(e.at) } : null,
    runtimeAlive: s.facts.runtimeAlive,
    agent: info
      ? {
          agentSessionId: info.agentSessionId,
          costUsd: info.costUsd,
          costSource: info.costSource ?? null,
          usage: info.usage,
          summary: info.summary ?? null,
        }
      : null,
  };
}

/** A duration as a human reads it: 45s, 12m, 3h 5m. */
export function age(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export const usd = (n: number | null) => (n === null ? "-" : `$${n.toFixed(2)}`);

/** The human form of {@link whyReport}. */
export function whyText(w: WhyReport): string {
  const lines = [`${w.session}: ${w.state}`];
  const a = w.activity;
  if (a) {
    lines.push(`  activity: ${a.state} (source: ${a.source}, ${age(a.ageMs)} ago, since ${a.since})`);
    lines.push(`  evidence: ${a.evidence ?? "(none given)"}`);
    if (a.resetsAt) lines.push(`  limit resets at ${a.resetsAt}`);
  } else {
    lines.push("  activity: not observed yet");
  }
  if (w.runtimeAlive === false) lines.push("  runtime: gone");
  if (w.escalation) lines.push(`  needs a human: ${w.escalation.reason}`);
  if (w.agent) {
    const tokens = w.agent.usage
      .map(
        (u) =>
          `${u.model} ${u.input} in / ${u.output} out / ${u.cacheRead} cache read / ${u.cacheWrite} cache write`,
      )
      .join("; ");
    lines.push(`  agent session: ${w.agent.agentSessionId ?? "(not seen)"}`);
    lines.push(`  cost: ${usd(w.agent.costUsd)}${w.agent.costSource ? ` (${w.agent.costSource})` : ""}`);
    if (tokens) lines.push(`  tokens: ${tokens}`);
    if (w.agent.summary) lines.push(`  summary: ${w.agent.summary}`);
  }
  return lines.join("\n");
}
