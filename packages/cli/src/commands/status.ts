import type { CommandRun } from "../program.js";
import { homeFor, openLocal } from "../context.js";
import { journalProjects, readProjects } from "../journal.js";
import { paint, printJson, progress, say } from "../output.js";
import { toStatus } from "../status-shape.js";
import { table } from "../table.js";

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
};

/** `ao status`: read the journals (no API call unless --refresh). */
export const run: CommandRun = async (_args, options) => {
  const { home, config } = await homeFor("status", options);
  if (options.refresh) {
    const { readDaemonInfo } = await import("@ao/engine");
    const daemon = readDaemonInfo(home);
    progress("refreshing (one observation of every live session)");
    if (daemon) {
      const { callDaemon } = await import("../daemon-client.js");
      const { readToken } = await import("../home.js");
      await callDaemon(daemon, readToken(home), "POST", "/api/refresh", {});
    } else if (config) {
      const local = await openLocal(config);
      try {
        await local.engine.tick();
      } finally {
        await local.actions.close();
      }
    }
  }
  let projects = journalProjects(home);
  if (typeof options.project === "string") projects = projects.filter((p) => p === options.project);
  const { sessions, overlaps } = await readProjects(home, projects);
  const shaped = sessions.map(toStatus);
  if (options.json) {
    printJson({ sessions: shaped });
    return 0;
  }
  if (shaped.length === 0) {
    say(
      config
        ? "No sessions yet. Start one with `ao spawn <issue>`."
        : "No ao.config.ts here or in a parent directory, and no sessions. Make one with `ao init`.",
    );
    return 0;
  }
  say(
    table(
      ["SESSION", "PROJECT", "ISSUE", "STATE", "ACTIVITY", "PR", "CI", "REVIEW", "UPDATED"],
      shaped.map((s) => [
        s.id,
        s.project,
        s.issue ?? "-",
        paint(STATE_STYLE[s.state] ?? "cyan", s.state),
        s.activity ?? "-",
        s.pr ? `#${s.pr.number}` : "-",
        s.pr?.ci ?? "-",
        s.pr?.review ?? "-",
        s.updatedAt.replace("T", " ").slice(0, 19),
      ]),
    ),
  );
  // Two open sessions editing the same files will likely conflict: say so before they do.
  for (const o of overlaps) {
    say(
      paint(
        "yellow",
        `warning: ${o.session} and ${o.with} both change ${o.files.join(", ")} (likely to conflict)`,
      ),
    );
  }
  return 0;
};
