import { HttpError, notFound } from "./http.js";
import type { ShapeContext } from "./shapes-core.js";
import type { RepoRecord, World } from "./state.js";
import type { FaultQueue } from "./faults.js";
import type { Permission } from "./types.js";

/** What every route module gets: the world, settings, and the hooks into git and webhooks. */
export interface FakeContext extends ShapeContext {
  world: World;
  lazyMergeable: boolean;
  defaultPermission: Permission;
  knownLogins: Set<string>;
  faults: FaultQueue;
  /** Re-read the bare repository's branches; moves PR heads and fires push events. */
  syncRefs(repo: RepoRecord): Promise<void>;
  /** A state change, delivered to the repo's hook when one is set (see webhooks.ts). */
  emit(repo: RepoRecord, event: string, action: string | null, subject: EventSubject): void;
}

/** What a webhook event is about; the payload is built from the state at delivery time. */
export interface EventSubject {
  issue?: number;
  pull?: number;
  comment?: number;
  checkRun?: number;
  status?: number;
  review?: number;
  reviewComment?: number;
  thread?: string;
  label?: string;
  assignee?: string;
  push?: { ref: string; before: string; after: string };
  sender?: string | null;
}

const RANK: Record<Permission, number> = { none: 0, read: 1, write: 2, admin: 3 };

export function permissionOf(ctx: FakeContext, repo: RepoRecord, login: string | null): Permission {
  if (login === null) return repo.private ? "none" : "read";
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
  const set = repo.permissions.get(login);
  if (set) return set;
  if (ctx.knownLogins.has(login)) return ctx.defaultPermission;
  return repo.private ? "none" : "read";
}

/** The repo a request names, or 404 when it is missing or hidden from the caller (as GitHub hides private repos). */
export async function repoFor(
  ctx: FakeContext,
  login: string | null,
  params: Record<string, string>,
  need: Permission = "read",
): Promise<RepoRecord> {
  const repo = ctx.world.findRepo(params.owner ?? "", params.repo ?? "");
  if (!repo) throw notFound();
  const have = permissionOf(ctx, repo, login);
  if (RANK[have] < RANK.read && repo.private) throw notFound();
  if (RANK[have] < RANK[need]) {
    if (login === null) throw new HttpError(401, "Requires authentication");
    throw new HttpError(403, "Resource not accessible by personal access token");
  }
  await ctx.syncRefs(repo);
  return repo;
}

export function numberParam(params: Record<string, string>, key: string): number {
  const n = Number(params[key]);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
}
