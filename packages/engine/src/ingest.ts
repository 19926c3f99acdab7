import {
  isTerminal,
  type ProjectRef,
  type ScmEvent,
  type SessionEvent,
  type SessionSnapshot,
} from "@ao/core";
import type { ProjectState } from "./context.js";

/** A repository name as given by a config or an SCM: no trailing slash or `.git`, case folded. */
export function normalizeRepo(repo: string): string {
  return repo
    .trim()
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .toLowerCase();
}

/** Whether a pushed event is about this project's repository (an event that does not say is). */
export function sameRepo(event: ScmEvent, ref: ProjectRef): boolean {
  return event.repo === undefined || normalizeRepo(event.repo) === normalizeRepo(ref.repo);
}

/**
 * The live session a pushed event is about: the one whose PR has the event's
 * number (and, when the event names a branch, works on that branch), else the
 * one on the event's branch. PR numbers are per repository, so the caller has
 * checked the repository first ({@link sameRepo}).
 */
export function ingestTarget(ps: ProjectState, event: ScmEvent): SessionSnapshot | undefined {
  const candidates = [...ps.journal.fold.sessions.values()].filter((s) => !isTerminal(s.state));
  const byPr =
    event.pr !== undefined
      ? candidates.find(
          (s) => s.facts.pr?.number === event.pr && (event.branch === undefined || s.branch === event.branch),
        )
      : undefined;
  return byPr ?? (event.branch ? candidates.find((s) => s.branch === event.branch) : undefined);
}

/** Turns a pushed SCM event into the session event it means, or null when it lacks what it needs. */
export function fromScm(ev: ScmEvent, at: number): SessionEvent | null {
  const base = { at, ...(ev.deliveryId ? { id: ev.deliveryId } : {}) };
  const sha = ev.headSha ? { headSha: ev.headSha } : {};
  switch (ev.type) {
    case "pushed":
      return ev.headSha ? { ...base, type: "pushed", headSha: ev.headSha } : null;
    case "pr_opened":
      return ev.pr !== undefined && ev.url
        ? { ...base, type: "pr_opened", number: ev.pr, url: ev.url, ...sha }
        : null;
    case "pr_merged":
    case "pr_closed":
      return { ...base, type: ev.type };
    default:
      return { ...base, type: ev.type, ...sha };
  }
}
