import type { BoardGroup, BoardSession } from "./types.js";

/** The board's columns in the order a human reads them: what needs them first. */
export const GROUPS: ReadonlyArray<{ key: BoardGroup; label: string; needsHuman: boolean }> = [
  { key: "ready_to_merge", label: "Ready to merge", needsHuman: true },
  { key: "stuck", label: "Stuck or escalated", needsHuman: true },
  { key: "errored", label: "Errored", needsHuman: true },
  { key: "waiting_input", label: "Waiting for input", needsHuman: true },
  { key: "fixing_ci", label: "Fixing CI", needsHuman: false },
  { key: "addressing_review", label: "Addressing review", needsHuman: false },
  { key: "resolving_conflicts", label: "Resolving conflicts", needsHuman: false },
  { key: "working", label: "Working", needsHuman: false },
  { key: "in_review", label: "In review", needsHuman: false },
  { key: "done", label: "Done", needsHuman: false },
];

const KNOWN = new Set<string>(GROUPS.map((g) => g.key));

/**
 * Sessions per column, every column present, most recently changed first.
 * The daemon decides the group; a group this build does not know (a newer
 * daemon) lands in "working" rather than vanishing.
 */
export function groupSessions(sessions: readonly BoardSession[]): Map<BoardGroup, BoardSession[]> {
  const out = new Map<BoardGroup, BoardSession[]>(GROUPS.map((g) => [g.key, []]));
  const sorted = [...sessions].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  for (const s of sorted) out.get(KNOWN.has(s.group) ? s.group : "working")?.push(s);
  return out;
}

/** How many sessions wait for a human: the number in the tab title and favicon. */
export const needsHumanCount = (sessions: readonly BoardSession[]): number =>
  sessions.filter((s) => s.needsHuman).length;
