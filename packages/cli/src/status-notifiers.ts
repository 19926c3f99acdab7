import type { NotifyFailure } from "@ao/engine";
import { paint } from "./output.js";

/** Failures older than this are history (`ao events` keeps them), not news for `ao status`. */
export const RECENT_MS = 24 * 60 * 60_000;

/** A notifier that failed lately: its latest failure and how many there were. */
export interface NotifierTrouble {
  project: string;
  notifier: string;
  /** Failures within the recent window. */
  failures: number;
  /** The latest one (epoch ms, ISO in JSON). */
  at: string;
  code: string;
  /** Masked when journaled; never holds a secret. */
  message: string;
  session: string;
  notification: string;
}

/** One entry per project and notifier that failed within RECENT_MS of `now`, latest first. */
export function notifierTrouble(
  failures: Array<NotifyFailure & { project: string }>,
  now: number,
): NotifierTrouble[] {
  const byNotifier = new Map<string, NotifierTrouble & { atMs: number }>();
  for (const f of failures) {
    if (now - f.at > RECENT_MS) continue;
    const key = `${f.project}\u0000${f.notifier}`;
    const cur = byNotifier.get(key);
    const count = (cur?.failures ?? 0) + 1;
    if (cur && cur.atMs > f.at) cur.failures = count;
    else {
      const { project, notifier, code, message, session, notification } = f;
      const at = new Date(f.at).toISOString();
      byNotifier.set(key, {
        project,
        notifier,
        failures: count,
        at,
        atMs: f.at,
        code,
        message,
        session,
        notification,
      });
    }
  }
  return [...byNotifier.values()]
    .sort((a, b) => b.atMs - a.atMs)
    .map(({ atMs: _atMs, ...trouble }) => trouble);
}

/** Warning lines for `ao status`: which notifier fails, since when, and what to do. */
export function notifierLines(trouble: NotifierTrouble[]): string[] {
  return trouble.map((t) =>
    paint(
      "yellow",
      `warning: notifier ${t.notifier} of ${t.project} failed ${t.failures}× in the last 24h (last ${t.at.replace("T", " ").slice(0, 19)}, ${t.notification} for ${t.session}): ${t.code}: ${t.message} — check it with \`ao doctor --test-notify\``,
    ),
  );
}
