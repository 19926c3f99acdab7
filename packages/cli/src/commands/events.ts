import { setTimeout as sleep } from "node:timers/promises";
import { errors } from "@ao/core";
import { ownSession } from "../agent-identity.js";
import type { Actor } from "@ao/engine";
import { homeFor } from "../context.js";
import { journalLoss, journalProjects, type ProjectRecord, projectRecords } from "../journal.js";
import { paint, say } from "../output.js";
import type { CommandRun } from "../program.js";

function sessionOf(record: ProjectRecord): string | undefined {
  if (record.kind === "session") return record.session.id;
  return "session" in record ? (record.session as string) : undefined;
}

/** Who acted, in a few words: `alice (cli)`, `api (admin)`, `dashboard (admin)`, `agent app-1`, `webhook github`. */
export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case "cli":
      return `${actor.user} (cli)`;
    case "api":
      return `${actor.via ?? "api"} (${actor.scope}${actor.session ? ` for ${actor.session}` : ""})`;
    case "agent":
      return `agent ${actor.session}`;
    case "webhook":
      return `webhook ${actor.route}`;
    default:
      return "ao";
  }
}

/** One readable line per journal record. */
export function describeRecord(r: ProjectRecord): string {
  const time = new Date(r.at).toISOString().slice(11, 23);
  const who = `${r.project}/${sessionOf(r) ?? "-"}`;
  let what: string;
  switch (r.kind) {
    case "session":
      what = `session ${r.session.state}${r.session.issue ? ` (issue ${r.session.issue})` : ""}`;
      break;
    case "event":
      what = `event ${paint("bold", r.event.type)}`;
      break;
    case "transition":
      what = `${r.from} → ${paint("cyan", r.to)}${r.effects.length ? ` [${r.effects.map((e) => e.type).join(", ")}]` : ""}`;
      break;
    case "effect":
      what = `effect ${r.effect} ${r.ok ? paint("green", "ok") : paint("red", "failed")}${r.detail ? `: ${r.detail}` : ""}`;
      break;
    case "step":
      what = `step ${r.step}`;
      break;
    case "delivery":
      what = `delivery ${r.id}${r.actor ? ` by ${describeActor(r.actor)}` : ""}`;
      break;
    case "overlap":
      what = `overlaps ${r.with} on ${r.files.join(", ")}`;
      break;
    case "budget":
      what = `SCM budget ${r.budget.map((b) => `${b.resource} ${b.remaining}/${b.limit}`).join(", ")}`;
      break;
    case "daemon":
      what = `daemon ${paint("bold", r.event)} (pid ${r.pid}${r.version ? `, ao ${r.version}` : ""})`;
      break;
    case "recovery":
      what = `recovery: ${paint("yellow", r.action.replaceAll("_", " "))}${r.detail ? `: ${r.detail}` : ""}`;
      break;
    case "lock_takeover":
      what = `took over ${r.lock} from ${r.from === null ? "a crashed process" : `dead pid ${r.from}`} (pid ${r.pid})`;
      break;
    case "journal_loss":
      what = `${paint("red", "journal loss accepted")}: ${r.problem}`;
      break;
    case "agent_info":
      what = `agent info: ${r.costUsd === null ? "cost unknown" : `$${r.costUsd.toFixed(2)}`}${r.agentSessionId ? `, agent session ${r.agentSessionId}` : ""}`;
      break;
    case "action":
      what = `${paint("bold", r.route)} by ${describeActor(r.actor)}${r.detail ? ` (${r.detail})` : ""}`;
      break;
    default:
      what = (r as { kind: string }).kind;
  }
  return `${paint("dim", time)}  ${who}  ${what}`;
}

/** `ao events [session] [--follow] [--json]`: the journal timeline (JSON Lines with --json). */
export const run: CommandRun = async ([asked], options) => {
  const { home } = await homeFor("events", options);
  const session = ownSession("read the events of", asked);
  const wanted = (r: ProjectRecord) => !session || sessionOf(r) === session;
  const print = (r: ProjectRecord) =>
    options.json ? process.stdout.write(`${JSON.stringify(r)}\n`) : say(describeRecord(r));
  const seen = new Map<string, number>();
  const warned = new Set<string>();
  let printed = 0;
  const pass = async () => {
    let projects = journalProjects(home);
    if (typeof options.project === "string") projects = projects.filter((p) => p === options.project);
    const fresh: ProjectRecord[] = [];
    for (const project of projects) {
      if (!warned.has(project)) {
        warned.add(project);
        // The records that survive are still worth reading; the warning says they are not all.
        const loss = await journalLoss(home, project);
        if (loss)
          process.stderr.write(
            `${paint("red", "warning", process.stderr)}: the journal of project "${project}" is damaged: ${loss.problem}.\n`,
          );
      }
      const last = seen.get(project) ?? 0;
      for (const r of await projectRecords(home, project)) {
        if (r.seq <= last) continue;
        seen.set(project, r.seq);
        if (wanted(r)) fresh.push(r);
      }
    }
    for (const r of fresh.sort((a, b) => a.at - b.at)) print(r);
    printed += fresh.length;
  };
  await pass();
  // A session with no record at all is a typo or another AO_HOME: say so, never print silence.
  if (session && printed === 0) throw errors.sessionNotFound(session);
  if (!options.follow) return 0;
  // Following polls the journal files, so it works with or without a daemon.
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (!stopped) {
    await sleep(300);
    await pass();
  }
  return 0;
};
