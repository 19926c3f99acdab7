/**
 * Who owns a runtime or a workspace. Several AO_HOMEs may share one tmux
 * server or one repository, and a user may name their own tmux session
 * `ao-notes`: a name alone proves nothing, so ao stamps what it makes with
 * this identity and adopts or removes only what carries it.
 */

/** The identity stamped on a runtime or workspace ao made. */
export interface ResourceOwner {
  /** Short stable id of the AO_HOME ({@link homeIdFor}). */
  home: string;
  /** The project key. */
  project: string;
  /** The session id. */
  session: string;
}

/** 32-bit FNV-1a over the UTF-16 code units: small, dependency-free and stable across runs. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Eight hex digits of a hash of `text`. */
export function shortHash(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}

/** The short id of an AO_HOME (its absolute path, trailing slashes ignored). */
export function homeIdFor(home: string): string {
  return shortHash(home.replace(/\/+$/, "") || "/");
}

/**
 * The runtime name of a session: `ao-<home id>-<project hash>-<session id>`.
 * The project hash keeps apart projects whose keys slug to the same session
 * prefix; only `[A-Za-z0-9_-]` remain, so tmux and file names can hold it.
 */
export function runtimeNameFor(owner: ResourceOwner): string {
  const session = owner.session.replace(/[^A-Za-z0-9_-]/g, "-");
  return `ao-${owner.home}-${shortHash(owner.project).slice(0, 4)}-${session}`;
}

/** The stamp written on a resource (a tmux option value, a marker file's text). */
export function formatOwner(owner: ResourceOwner): string {
  return JSON.stringify({ home: owner.home, project: owner.project, session: owner.session });
}

/** The owner a stamp names, or null when the text is not a stamp. */
export function parseOwner(text: string | null | undefined): ResourceOwner | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<ResourceOwner> | null;
    if (
      value !== null &&
      typeof value === "object" &&
      typeof value.home === "string" &&
      typeof value.project === "string" &&
      typeof value.session === "string"
    ) {
      return { home: value.home, project: value.project, session: value.session };
    }
  } catch {
    // Not a stamp of ours.
  }
  return null;
}

/** Whether two owners are the same (every field equal). */
export function sameOwner(a: ResourceOwner | null | undefined, b: ResourceOwner | null | undefined): boolean {
  return !!a && !!b && a.home === b.home && a.project === b.project && a.session === b.session;
}

const PROJECT_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PROJECT_KEY_MAX = 64;

/**
 * What is wrong with a project key, or null when it is fine. Keys name
 * directories (`<AO_HOME>/projects/<key>`) and go into runtime names, so
 * they hold only letters, digits, `.`, `_` and `-`, start with a letter or
 * digit, and contain no `..`.
 */
export function projectKeyProblem(key: string): string | null {
  if (key.length === 0) return "is empty";
  if (key.length > PROJECT_KEY_MAX) return `is longer than ${PROJECT_KEY_MAX} characters`;
  if (!PROJECT_KEY.test(key))
    return "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit";
  if (key.includes("..")) return "may not contain '..'";
  return null;
}
