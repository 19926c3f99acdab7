import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FakeContext } from "./context.js";
import { pathChanged, readRefs } from "./git-ops.js";
import type { RepoRecord } from "./state.js";

const ZERO = "0000000000000000000000000000000000000000";
const running = new WeakMap<RepoRecord, Promise<void>>();
const seen = new WeakMap<RepoRecord, string>();

/**
 * A cheap fingerprint of the bare repo's branches: git updates a ref by
 * writing a lock file and renaming it, which touches its directory, and packs
 * refs into packed-refs. Unchanged fingerprint, unchanged branches: no git
 * process per API request.
 */
function refsFingerprint(bare: string): string {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
      parts.push(`${dir}:${statSync(dir, { bigint: true }).mtimeNs}`);
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(join(bare, "refs", "heads"));
  try {
    parts.push(`packed:${statSync(join(bare, "packed-refs"), { bigint: true }).mtimeNs}`);
  } catch {
    parts.push("packed:none");
  }
  return parts.join("|");
}

/**
 * Bring the record's branches in line with the bare repository, the way
 * GitHub reacts to a push: open PRs follow their head (and need a new
 * mergeability computation), and push / synchronize events fire.
 * Calls on one repo are serialised so one push is never reported twice.
 */
export function syncRefs(ctx: FakeContext, repo: RepoRecord): Promise<void> {
  const prev = running.get(repo) ?? Promise.resolve();
  const next = prev.then(() => syncOnce(ctx, repo));
  running.set(
    repo,
    next.catch(() => undefined),
  );
  return next;
}

async function syncOnce(ctx: FakeContext, repo: RepoRecord): Promise<void> {
  const fingerprint = refsFingerprint(repo.bareDir);
  if (seen.get(repo) === fingerprint) return;
  const now = await readRefs(repo.bareDir);
  seen.set(repo, fingerprint);
  const changed: Array<[string, string, string]> = [];
  for (const [branch, sha] of now) {
    const before = repo.refs.get(branch);
    if (before !== sha) changed.push([branch, before ?? ZERO, sha]);
  }
  for (const [branch, before] of repo.refs) if (!now.has(branch)) changed.push([branch, before, ZERO]);
  repo.refs.clear();
  for (const [b, s] of now) repo.refs.set(b, s);
  for (const [branch, before, after] of changed) {
    ctx.emit(repo, "push", null, { push: { ref: `refs/heads/${branch}`, before, after } });
    for (const p of repo.pulls.values()) {
      const open = repo.issues.get(p.number)?.state === "open";
      if (!open || after === ZERO) continue;
      if (p.head === branch) {
        await markOutdatedThreads(repo, p.number, p.headSha, after);
        p.headSha = after;
        p.mergeablePending = true;
        const issue = repo.issues.get(p.number);
        if (issue) issue.updatedAt = ctx.world.now();
        ctx.emit(repo, "pull_request", "synchronize", {
          pull: p.number,
          issue: p.number,
          push: { ref: `refs/heads/${branch}`, before, after },
        });
      } else if (p.base === branch) {
        p.baseSha = after;
        p.mergeablePending = true;
      }
    }
  }
}

/**
 * GitHub marks a review thread outdated when a push changes the lines it is on;
 * the fake approximates that by the thread's file changing.
 */
async function markOutdatedThreads(
  repo: RepoRecord,
  pull: number,
  before: string,
  after: string,
): Promise<void> {
  for (const t of repo.threads.values()) {
    if (t.pull !== pull || t.outdated) continue;
    if (await pathChanged(repo.bareDir, before, after, t.path)) t.outdated = true;
  }
}
