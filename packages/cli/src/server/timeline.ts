import { inertText } from "@ao/core";
import type { Actor, JournalRecord } from "@ao/engine";
import type { TimelineEntry } from "./dashboard-types.js";

type Rec = JournalRecord & { project?: string };

/** The session a record is about, if any (a `session` record carries the whole snapshot). */
export function recordSession(record: Rec): string | undefined {
  if (!("session" in record)) return undefined;
  return typeof record.session === "string" ? record.session : record.session.id;
}

/** Every string in a JSON value made inert: records quote agents, CI and reviewers. */
export function inertDeep(value: unknown): unknown {
  if (typeof value === "string") return inertText(value);
  if (Array.isArray(value)) return value.map(inertDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inertDeep(v)]));
  }
  return value;
}

/** Who acted, in a few words. */
export function actorName(actor: Actor | undefined): string {
  if (!actor) return "ao";
  switch (actor.kind) {
    case "cli":
      return `${actor.user} (cli)`;
    case "api":
      return actor.session ? `${actor.scope} token of ${actor.session}` : `${actor.scope} (api)`;
    case "agent":
      return `the agent of ${actor.session}`;
    case "webhook":
      return `webhook ${actor.route}`;
    default:
      return "ao";
  }
}

/** One line for people: what the record says happened. */
export function summarize(record: Rec): string {
  switch (record.kind) {
    case "session":
      return `session recorded (${record.session.state})`;
    case "event":
      return `event ${record.event.type}`;
    case "transition":
      return `${record.from} → ${record.to}`;
    case "effect":
      return `${record.effect} ${record.ok ? "done" : "failed"}${record.detail ? `: ${record.detail}` : ""}`;
    case "step":
      return `step ${record.step}`;
    case "action":
      return `${record.route} by ${actorName(record.actor)}${record.detail ? ` (${record.detail})` : ""}`;
    case "recovery":
      return `recovery: ${record.action}${record.detail ? ` (${record.detail})` : ""}`;
    case "overlap":
      return `changes the same files as ${record.with}`;
    case "agent_info":
      return record.costUsd === null ? "agent info" : `agent info (cost $${record.costUsd.toFixed(2)})`;
    default:
      return record.kind;
  }
}

/** A session's records as timeline entries (text inert; the caller masks secrets on the way out). */
export function timeline(records: readonly Rec[], session: string, after = -1): TimelineEntry[] {
  return records
    .filter((r) => recordSession(r) === session && r.seq > after)
    .map((r) => ({
      seq: r.seq,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      summary: inertText(summarize(r)),
      record: inertDeep(r) as Record<string, unknown>,
    }));
}
