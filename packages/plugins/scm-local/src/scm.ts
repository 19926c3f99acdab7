import {
  AoError,
  type MergeOptions,
  type OpenPrOptions,
  type PluginHost,
  type PrStatus,
  type ProjectRef,
  type PullRequest,
  type ReviewAction,
  type ReviewComment,
  type ScmEvent,
  type WorkspaceInfo,
} from "@ao/core";
import { join } from "node:path";
import { listen, publish } from "./bus.js";
import { tailFile } from "./ci.js";
import { CiScheduler } from "./ci-scheduler.js";
import { git, gitRaw } from "./git.js";
import { withFileLock } from "@ao/file-lock";
import { mergePr } from "./merge.js";
import { PLUGIN, type ScmLocalSettings } from "./options.js";
import { branchHeads, bareRepoPath, mergeTree } from "./repo.js";
import {
  addComment,
  type CommentInput,
  closePr,
  commentsOf,
  reopenPr,
  eventFor,
  postReview,
  reviewDecision,
} from "./reviews.js";
import { type PrRecord, PrStore } from "./store.js";
import { watchStore } from "./watch.js";

/** Options of `merge` beyond the slot's: `force` merges even when not approved or CI is not green. */
export interface LocalMergeOptions extends MergeOptions {
  force?: boolean;
}

function toPullRequest(store: PrStore, r: PrRecord): PullRequest {
  return {
    number: r.number,
    url: store.url(r.number),
    branch: r.branch,
    title: r.title,
    headSha: r.headSha,
    state: r.state,
  };
}

/** The scm-local implementation; one instance serves every project (state lives in each project's dataDir). */
export class LocalScm {
  private host: PluginHost | undefined;
  private readonly conflicts = new Map<string, boolean>();
  private readonly ci: CiScheduler;

  constructor(private readonly settings: ScmLocalSettings) {
    this.ci = new CiScheduler(settings.ci, (message, data) => this.host?.log.warn(message, data));
  }

  setup(host: PluginHost): void {
    this.host = host;
  }

  /** Watchers still setting up; dispose waits for them so no write lands after it. */
  private watching = new Set<Promise<void>>();

  async dispose(): Promise<void> {
    this.ci.dispose();
    await Promise.all(this.watching);
  }

  private now(): number {
    return this.host?.now() ?? Date.now();
  }

  private store(project: ProjectRef): PrStore {
    return new PrStore(project.dataDir);
  }

  private repo(project: ProjectRef): string {
    return bareRepoPath(project.repo, project.path);
  }

  async push(project: ProjectRef, workspace: WorkspaceInfo): Promise<{ headSha: string }> {
    const refspec = `HEAD:refs/heads/${workspace.branch}`;
    // Through `origin` the lease is the remote-tracking ref: what this checkout last saw. A checkout
    // without an origin pushes to the bare repository itself, leased on the remote's current head.
    const hasOrigin = (await gitRaw(workspace.path, ["remote", "get-url", "origin"])).code === 0;
    const args = hasOrigin
      ? ["push", "--quiet", "--force-with-lease", "origin", refspec]
      : [
          "push",
          "--quiet",
          `--force-with-lease=refs/heads/${workspace.branch}:${(await this.remoteHead(project, workspace.branch)) ?? ""}`,
          this.repo(project),
          refspec,
        ];
    const result = await gitRaw(workspace.path, args);
    if (result.code !== 0) {
      throw new AoError({
        code: "PUSH_FAILED",
        message: `${PLUGIN}: pushing ${workspace.branch} from ${workspace.path} failed: ${result.stderr.trim()}`,
        hint: "The workspace's `origin` must be the project's bare repository; a rejected lease means someone else pushed to the branch.",
      });
    }
    const headSha = await git(workspace.path, ["rev-parse", "HEAD"]);
    publish(project.dataDir, { type: "pushed", branch: workspace.branch, headSha });
    return { headSha };
  }

  async remoteHead(project: ProjectRef, branch: string): Promise<string | null> {
    const repo = this.repo(project);
    const out = await git(repo, ["ls-remote", repo, `refs/heads/${branch}`]);
    const line = out.split("\n").find((l) => l.endsWith(`\trefs/heads/${branch}`));
    return line ? (line.split("\t")[0] ?? null) : null;
  }

  async openPR(project: ProjectRef, options: OpenPrOptions): Promise<PullRequest> {
    const store = this.store(project);
    const existing = await this.findPR(project, options.branch);
    if (existing) return existing;
    const heads = await branchHeads(this.repo(project));
    const head = heads.get(options.branch);
    if (!head) {
      throw new AoError({
        code: "PR_BRANCH_MISSING",
        message: `${PLUGIN}: cannot open a PR for "${options.branch}": the branch is not on the remote.`,
        hint: "Push the branch first.",
      });
    }
    if (!heads.has(options.base)) {
      throw new AoError({
        code: "PR_BASE_MISSING",
        message: `${PLUGIN}: cannot open a PR into "${options.base}": no such branch on the remote.`,
        hint: `Push "${options.base}" to the bare repository, or set the project's defaultBranch to a branch it has.`,
      });
    }
    const now = this.now();
    const record = await store.create({
      branch: options.branch,
      base: options.base,
      title: options.title,
      body: options.body,
      state: "open",
      headSha: head,
      createdAt: now,
      updatedAt: now,
      reviews: [],
      comments: [],
      ciRuns: [],
    });
    publish(project.dataDir, eventFor(store, record, "pr_opened", `opened-${record.number}`));
    await this.refresh(project, store, record, heads);
    return toPullRequest(store, record);
  }

  async findPR(project: ProjectRef, branch: string): Promise<PullRequest | null> {
    const store = this.store(project);
    const open = (await store.list()).filter((r) => r.branch === branch && r.state === "open").at(-1);
    return open ? toPullRequest(store, open) : null;
  }

  /** Reopen a PR closed without merge, when its branch is still on the remote. */
  async reopenPR(project: ProjectRef, number: number): Promise<PullRequest> {
    const store = this.store(project);
    const record = await store.get(number);
    if (!(await branchHeads(this.repo(project))).has(record.branch)) {
      throw new AoError({
        code: "PR_BRANCH_MISSING",
        message: `${PLUGIN}: cannot reopen PR #${number}: its branch "${record.branch}" is not on the remote.`,
        hint: "Push the branch again (ao restore does), then open a new PR.",
      });
    }
    return toPullRequest(store, await reopenPr(store, number, this.now()));
  }

  async getPR(project: ProjectRef, number: number): Promise<PullRequest> {
    const store = this.store(project);
    return toPullRequest(store, await store.get(number));
  }

  /** One `git for-each-ref` for all PRs; merge-tree only when a (base, head) pair is new. */
  async observe(project: ProjectRef, numbers: number[]): Promise<Map<number, PrStatus>> {
    const store = this.store(project);
    const repo = this.repo(project);
    const heads = await branchHeads(repo);
    const result = new Map<number, PrStatus>();
    for (const number of numbers) {
      const stored = await store.read(number);
      if (!stored) continue;
      const record = await this.refresh(project, store, stored, heads);
      const baseSha = heads.get(record.base) ?? null;
      const conflict =
        record.state === "open" && baseSha && record.headSha
          ? await this.conflicted(repo, baseSha, record.headSha)
          : false;
      const ci = this.ci.status(record);
      const review = reviewDecision(record, this.settings.trustedAuthors);
      result.set(number, {
        ...toPullRequest(store, record),
        ci,
        review,
        conflict,
        mergeable:
          record.state === "open"
            ? review === "approved" && (ci === "passed" || ci === "none") && !conflict
            : null,
      });
    }
    return result;
  }

  private async conflicted(repo: string, baseSha: string, headSha: string): Promise<boolean> {
    const key = `${baseSha}:${headSha}`;
    let conflict = this.conflicts.get(key);
    if (conflict === undefined) {
      conflict = (await mergeTree(repo, baseSha, headSha)) === null;
      if (this.conflicts.size > 1000) this.conflicts.clear();
      this.conflicts.set(key, conflict);
    }
    return conflict;
  }

  /** Bring a record up to date with the remote: new head, deleted branch, CI to start or settle. */
  private async refresh(
    project: ProjectRef,
    store: PrStore,
    record: PrRecord,
    heads: Map<string, string>,
  ): Promise<PrRecord> {
    let current = record;
    if (current.state === "open") {
      const head = heads.get(current.branch);
      if (head === undefined) {
        const event = await closePr(store, current.number, this.now());
        if (event) publish(project.dataDir, event);
        return store.get(current.number);
      }
      if (head !== current.headSha) {
        current = await store.update(current.number, (r) => {
          if (r.state !== "open" || r.headSha === head) return false;
          r.headSha = head;
          return true;
        });
      }
      await this.ci.start(project.dataDir, store, this.repo(project), current);
      current = (await store.read(current.number)) ?? current;
    }
    for (const run of current.ciRuns.filter((r) => r.status === "pending")) {
      await this.ci.settle(project.dataDir, store, current.number, run.id);
    }
    return (await store.read(current.number)) ?? current;
  }

  async ciFailureLog(project: ProjectRef, number: number, maxBytes = 8192): Promise<string> {
    const record = await this.store(project).get(number);
    const failed = record.ciRuns.filter((r) => r.status === "failed").at(-1);
    return failed ? tailFile(failed.log, maxBytes) : "";
  }

  async reviewComments(project: ProjectRef, number: number): Promise<ReviewComment[]> {
    return commentsOf(await this.store(project).get(number), this.settings.trustedAuthors);
  }

  async review(project: ProjectRef, number: number, action: ReviewAction): Promise<void> {
    publish(project.dataDir, await postReview(this.store(project), number, action, this.now()));
  }

  /** Add a comment to a PR (what a reviewer's line comment would be on a hosted SCM). */
  async comment(project: ProjectRef, number: number, input: CommentInput): Promise<void> {
    publish(project.dataDir, await addComment(this.store(project), number, input, this.now()));
  }

  /** Close a PR without merging. */
  async close(project: ProjectRef, number: number): Promise<void> {
    const event = await closePr(this.store(project), number, this.now());
    if (event) publish(project.dataDir, event);
  }

  async merge(project: ProjectRef, number: number, options: LocalMergeOptions): Promise<void> {
    const store = this.store(project);
    const method = options.method ?? this.settings.mergeMethod;
    if (method === "rebase") {
      throw new AoError({
        code: "MERGE_METHOD_UNSUPPORTED",
        message: `${PLUGIN}: merge method "rebase" is not supported.`,
        hint: 'Use "merge" or "squash".',
      });
    }
    const repo = this.repo(project);
    // One merge at a time per repository (across processes): two PRs merging at
    // once would both build on the same base, and the second update-ref would fail.
    const record = await withFileLock(join(repo, "ao-merge.lock"), async () => {
      const [status] = (await this.observe(project, [number])).values();
      return mergePr(store, repo, number, {
        method,
        sha: options.sha,
        force: options.force === true,
        status: status ?? null,
        now: this.now(),
      });
    });
    publish(project.dataDir, eventFor(store, record, "pr_merged", `merged-${number}`));
  }

  /** Events raised in this process at once; those written by other processes as their files change. */
  subscribe(project: ProjectRef, emitTo: (event: ScmEvent) => void): () => void {
    // Every event says which repository it is about, so the engine never matches another's PR #n.
    const emit = (event: ScmEvent) => emitTo({ repo: project.repo, ...event });
    const stopListening = listen(project.dataDir, emit);
    const watcher = watchStore(this.store(project), emit, (error) =>
      this.host?.log.warn("scm-local: watching PR files failed; changes are seen on the next tick", {
        error: error.message,
      }),
    );
    this.watching.add(watcher.settled);
    void watcher.settled.then(() => this.watching.delete(watcher.settled));
    return () => {
      stopListening();
      watcher.stop();
    };
  }
}
