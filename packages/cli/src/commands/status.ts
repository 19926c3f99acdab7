import { type FSWatcher, mkdirSync, watch } from "node:fs";
import { join } from "node:path";
import type { CommandRun } from "../program.js";
import { errors } from "@ao/core";
import { agentIdentity, ownSession } from "../agent-identity.js";
import { listOrchestrators } from "../orchestrator/orchestrator-state.js";
import { journalProjects, type OpenOverlap, readProjects } from "../journal.js";
import { budgetLines } from "../status-budget.js";
import { notifierLines, notifierTrouble } from "../status-notifiers.js";
import { paint, progress, say } from "../output.js";
import { readHomeFor } from "../read-home.js";
import { costSummary, type StatusSession, toStatus } from "../status-shape.js";
import { table } from "../table.js";
import { usd, whyReport, whyText } from "./status-why.js";

const STATE_STYLE: Record<string, "green" | "red" | "yellow" | "dim" | "cyan"> = {
  merged: "green",
  mergeable: "green",
  ci_failed: "red",
  errored: "red",
  stuck: "red",
  merge_conflict: "yellow",
  changes_requested: "yellow",
  killed: "dim",
  closed: "dim",
  pr_closed: "yellow",
};

/** `ao status`: read the journals (no API call unless --refresh). */
export const run: CommandRun = async (_args, options) => {
  // Only --refresh acts (and needs the whole config and the acting half of the CLI);
  // a plain read needs just the home.
  const context = options.refresh ? await import("../context.js") : undefined;
  const full = context ? await context.homeFor("status", options) : undefined;
  const { home, hasConfig } = full
    ? { home: full.home, hasConfig: full.config !== undefined }
    : await readHomeFor("status", options);
  if (context && full) {
    const config = full.config;
    const { readDaemonInfo } = await import("@ao/engine");
    const daemon = context.delegatedDaemon() ?? readDaemonInfo(home);
    progress("refreshing (one observation of every live session)");
    if (daemon) {
      const { callDaemon } = await import("../daemon-client.js");
      await callDaemon(daemon, context.daemonToken(home), "POST", "/api/refresh", {});
    } else if (agentIdentity()) {
      throw errors.agentScope("refresh every session");
    } else if (process.env.AO_TOKEN) {
      throw errors.daemonNotRunning(home, "AO_TOKEN acts only through the daemon");
    } else if (config) {
      const local = await context.openLocal(config);
      try {
        await local.engine.tick();
      } finally {
        await local.actions.close();
      }
    }
  }
  const render = async (): Promise<string> => {
    let projects = journalProjects(home);
    if (typeof options.project === "string") projects = projects.filter((p) => p === options.project);
    const { sessions, overlaps, budgets, agentInfo, notifyFailures } = await readProjects(home, projects);
    // Inside an agent's session, only that session is shown.
    const own = ownSession("read");
    const visible = sessions.filter((s) => own === undefined || s.id === own);
    if (typeof options.why === "string") {
      const session = visible.find((s) => s.id === options.why);
      if (!session) throw errors.sessionNotFound(options.why);
      const why = whyReport(session, agentInfo.get(session.id), Date.now());
      return options.json ? JSON.stringify(why, null, 2) : whyText(why);
    }
    // Orchestrators are not sessions of the engine: listed apart (an agent sees none).
    const orchestrators =
      own === undefined
        ? listOrchestrators(home)
            .filter((o) => typeof options.project !== "string" || o.project === options.project)
            .map((o) => ({
              project: o.project,
              session: o.session,
              runtime: o.runtime,
              startedAt: o.startedAt,
            }))
        : [];
    const shaped = visible.map((s) => toStatus(s, agentInfo.get(s.id)?.costUsd ?? null));
    // --watch --json prints one compact object per change (JSON Lines); a single read is pretty.
    // An agent sees its own session only, not the credentials' budget.
    const shown = own === undefined ? budgets : [];
    // Notifiers are the operator's business, not an agent's.
    const trouble = own === undefined ? notifierTrouble(notifyFailures, Date.now()) : [];
    return options.json
      ? JSON.stringify(
          {
            sessions: shaped,
            cost: costSummary(shaped),
            ...(shown.length > 0 ? { budgets: shown } : {}),
            ...(trouble.length > 0 ? { notifierFailures: trouble } : {}),
            ...(orchestrators.length > 0 ? { orchestrators } : {}),
          },
          null,
          options.watch ? undefined : 2,
        )
      : [
          statusText(shaped, own === undefined ? overlaps : [], hasConfig),
          ...orchestrators.map((o) => `orchestrator of ${o.project}: ${o.session} (runtime ${o.runtime})`),
          ...budgetLines(shown),
          ...notifierLines(trouble),
        ].join("\n");
  };
  const first = await render();
  say(first);
  if (options.watch) await watchStatus(home, render, first, options.json === true);
  return 0;
};

/** The human listing: a table and the overlap warnings. */
function statusText(shaped: StatusSession[], overlaps: OpenOverlap[], hasConfig: boolean): string {
  if (shaped.length === 0) {
    return hasConfig
      ? "No sessions yet. Start one with `ao spawn <issue>`."
      : "No ao.config.ts here or in a parent directory, and no sessions. Make one with `ao init`.";
  }
  const lines = [
    table(
      ["SESSION", "PROJECT", "ISSUE", "STATE", "ACTIVITY", "PR", "CI", "REVIEW", "COST", "UPDATED"],
      shaped.map((s) => [
        s.id,
        s.project,
        s.issue ?? "-",
        paint(STATE_STYLE[s.state] ?? "cyan", s.state),
        s.activity ?? "-",
        s.pr ? `#${s.pr.number}` : "-",
        s.pr?.ci ?? "-",
        s.pr?.review ?? "-",
        usd(s.costUsd),
        s.updatedAt.replace("T", " ").slice(0, 19),
      ]),
    ),
  ];
  const cost = costSummary(shaped);
  if (cost.totalUsd > 0) {
    const perPr =
      cost.perMergedPrUsd === null ? "" : `; ${usd(cost.perMergedPrUsd)} per merged PR (${cost.mergedPrs})`;
    lines.push(`cost: ${usd(cost.totalUsd)} in all${perPr}`);
  }
  // Two open sessions editing the same files will likely conflict: say so before they do.
  for (const o of overlaps) {
    lines.push(
      paint(
        "yellow",
        `warning: ${o.session} and ${o.with} both change ${o.files.join(", ")} (likely to conflict)`,
      ),
    );
  }
  return lines.join("\n");
}

/**
 * `--watch`: redraw when a journal changes (file-system events, no polling),
 * until Ctrl-C. Each project directory is watched on its own, not
 * recursively: worktrees may live below it and change all the time.
 */
async function watchStatus(home: string, render: () => Promise<string>, first: string, json: boolean) {
  const projectsDir = join(home, "projects");
  mkdirSync(projectsDir, { recursive: true });
  const watchers = new Map<string, FSWatcher>();
  let last = first;
  let timer: NodeJS.Timeout | null = null;
  let drawing = Promise.resolve();
  const redraw = () => {
    timer = null;
    drawing = drawing.then(async () => {
      const next = await render().catch((error: unknown) => `error: ${(error as Error).message}`);
      if (next === last) return;
      last = next;
      // On a terminal the screen is redrawn in place; elsewhere each state follows the last.
      if (!json && process.stdout.isTTY) process.stdout.write("\x1b[H\x1b[2J");
      say(next);
    });
  };
  const changed = () => {
    timer ??= setTimeout(redraw, 50);
  };
  const watchProjects = () => {
    for (const id of journalProjects(home)) {
      if (watchers.has(id)) continue;
      watchers.set(id, watch(join(projectsDir, id), changed));
    }
  };
  watchers.set(
    "",
    watch(projectsDir, () => {
      watchProjects();
      changed();
    }),
  );
  watchProjects();
  if (!json) progress("watching the journals (Ctrl-C to stop)");
  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  if (timer) clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  await drawing;
}
