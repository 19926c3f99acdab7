import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  AoError,
  type CiStatus,
  errors,
  type PrStatus,
  type ProjectRef,
  type RateBudget,
  type ReviewComment,
  type ReviewDecision,
  type ScmEvent,
  type ScmPlugin,
  type WorkspaceInfo,
} from "@ao/core";
import { defineFake } from "./define-fake.js";
import { readSignedEvents, signBody } from "./signed-webhook.js";
import { fakeState } from "./state-file.js";

export interface FakeScmOptions {
  stateFile?: string;
  /** Enables `webhook`: deliveries must carry `x-ao-signature: sha256=<hmac of the body>`. */
  secret?: string;
  /** The route its webhook shares with other plugins of one service (see `PluginBase.webhookRoute`). */
  webhookRoute?: string;
  /**
   * How `push` learns a workspace's HEAD. Default: a fake workspace's head when
   * `workspace` is given, else `git rev-parse HEAD` in the path, else a made-up sha.
   */
  heads?: (workspace: WorkspaceInfo) => string | null;
  /** A fake workspace to read heads from (`fakeWorkspace().control`). */
  workspace?: { control: { headOf(path: string): string | null } };
  /** Push events to subscribers when a control changes a PR (default false: observe-only). */
  emitOnChange?: boolean;
  now?: () => number;
}

/** One PR in the fake world. */
export interface FakePr extends PrStatus {
  project: string;
  /** The project's `repo` (events carry it). */
  repo?: string;
  base: string;
  title: string;
  body: string;
  ciLog: string;
  comments: ReviewComment[];
}

export interface FakeScmControl {
  setCi(pr: number, status: CiStatus, log?: string): void;
  approve(pr: number): void;
  requestChanges(pr: number, body?: string, author?: string): void;
  setReview(pr: number, review: ReviewDecision): void;
  /** Add a review comment; trusted unless said otherwise. */
  comment(
    pr: number,
    body: string,
    options?: { author?: string; trusted?: boolean; thread?: ReviewComment["thread"] },
  ): void;
  conflict(pr: number, conflict: boolean): void;
  setMergeable(pr: number, mergeable: boolean | null): void;
  /** Merge the PR as a human would on the forge. */
  merge(pr: number): void;
  close(pr: number): void;
  /** Push an event to every subscriber (of every project, or of `project`). */
  emit(event: ScmEvent, project?: string): void;
  /** The `x-ao-signature` header value for a webhook body (needs `secret`). */
  sign(body: string | Buffer): string;
  pr(number: number): FakePr | undefined;
  prs(): FakePr[];
  /** The remote head of a branch. */
  remoteHead(project: string, branch: string): string | null;
  /** Number of live subscriptions. */
  subscribers(): number;
  /** What `budget()` reports from now on (an SCM's remaining API budget). */
  setBudget(budget: RateBudget[]): void;
}

type Listener = { project: string; emit: (event: ScmEvent) => void };
const NAME = "@ao/testkit/fake-scm";

const notFound = (number: number) =>
  new AoError({
    code: "PR_NOT_FOUND",
    message: `${NAME}: there is no PR #${number}.`,
    hint: "Open it first.",
  });

const prMerged = (number: number) =>
  new AoError({
    code: "PR_NOT_OPEN",
    message: `${NAME}: PR #${number} is merged; it cannot be reopened.`,
    hint: "Open a new PR for follow-up work.",
  });

/** A forge in memory: branches, PRs, CI, reviews, conflicts, merges and pushed events. */
export const fakeScm = defineFake<"scm", FakeScmOptions, FakeScmControl>("scm", NAME, (options) => {
  let now = options.now ?? Date.now;
  const state = fakeState(options.stateFile, () => ({
    branches: {} as Record<string, string>,
    prs: {} as Record<string, FakePr>,
    nextPr: 1,
    nextComment: 1,
  }));
  const listeners = new Set<Listener>();
  let budget: RateBudget[] = [];
  const key = (project: string, branch: string) => `${project}:${branch}`;
  const get = (number: number) => state.read().prs[String(number)];
  const emit = (event: ScmEvent, project?: string) => {
    for (const l of [...listeners]) if (project === undefined || l.project === project) l.emit(event);
  };
  const change = (number: number, mutate: (pr: FakePr) => ScmEvent["type"] | undefined) => {
    const [type, pr] = state.update((s) => {
      const pr = s.prs[String(number)];
      if (!pr) throw notFound(number);
      return [mutate(pr), structuredClone(pr)] as const;
    });
    if (type && options.emitOnChange) emit(eventFor(type, pr), pr.project);
  };
  const headOf = (workspace: WorkspaceInfo): string => {
    const head =
      options.heads?.(workspace) ??
      options.workspace?.control.headOf(workspace.path) ??
      gitHead(workspace.path);
    return head ?? createHash("sha1").update(`${workspace.branch}:${now()}:${Math.random()}`).digest("hex");
  };
  const openFor = (project: ProjectRef, branch: string) =>
    Object.values(state.read().prs).find(
      (p) => p.project === project.id && p.branch === branch && p.state === "open",
    );

  const plugin: Omit<ScmPlugin, "slot" | "name"> & { control: FakeScmControl } = {
    setup(host) {
      now = () => host.now();
    },
    async push(project, workspace) {
      const headSha = headOf(workspace);
      const pr = state.update((s) => {
        s.branches[key(project.id, workspace.branch)] = headSha;
        const pr = Object.values(s.prs).find(
          (p) => p.project === project.id && p.branch === workspace.branch && p.state === "open",
        );
        if (pr && pr.headSha !== headSha) {
          pr.headSha = headSha;
          pr.ci = "pending";
          // Approvals are per head, as the slot requires: new commits need a new review.
          if (pr.review === "approved") pr.review = "pending";
        }
        return pr && structuredClone(pr);
      });
      emit(
        {
          type: "pushed",
          repo: project.repo,
          branch: workspace.branch,
          headSha,
          ...(pr ? { pr: pr.number } : {}),
        },
        project.id,
      );
      return { headSha };
    },
    async remoteHead(project, branch) {
      return state.read().branches[key(project.id, branch)] ?? null;
    },
    async reopenPR(_project, number) {
      const pr = state.update((s) => {
        const pr = s.prs[String(number)];
        if (!pr) throw notFound(number);
        if (pr.state === "merged") throw prMerged(number);
        pr.state = "open";
        return structuredClone(pr);
      });
      return toPullRequest(pr);
    },
    async openPR(project, o) {
      const existing = openFor(project, o.branch);
      if (existing) return toPullRequest(existing);
      const pr = state.update((s) => {
        const number = s.nextPr++;
        const headSha = s.branches[key(project.id, o.branch)] ?? null;
        const pr: FakePr = {
          number,
          url: `https://fake-scm.invalid/${project.repo}/pull/${number}`,
          branch: o.branch,
          headSha,
          state: "open",
          ci: headSha ? "pending" : "none",
          review: "none",
          mergeable: true,
          conflict: false,
          project: project.id,
          repo: project.repo,
          base: o.base,
          title: o.title,
          body: o.body,
          ciLog: "",
          comments: [],
        };
        s.prs[String(number)] = pr;
        return structuredClone(pr);
      });
      emit(eventFor("pr_opened", pr), project.id);
      return toPullRequest(pr);
    },
    async findPR(project, branch) {
      const pr = openFor(project, branch);
      return pr ? toPullRequest(pr) : null;
    },
    async getPR(_project, number) {
      const pr = get(number);
      if (!pr) throw notFound(number);
      return toPullRequest(pr);
    },
    async observe(project, numbers) {
      const prs = state.read().prs;
      const result = new Map<number, PrStatus>();
      for (const n of numbers) {
        const pr = prs[String(n)];
        if (pr && pr.project === project.id) result.set(n, toStatus(pr));
      }
      return result;
    },
    async ciFailureLog(_project, number, maxBytes = 4096) {
      const pr = get(number);
      if (!pr) throw notFound(number);
      const bytes = Buffer.from(pr.ciLog);
      return bytes.length <= maxBytes ? pr.ciLog : bytes.subarray(bytes.length - maxBytes).toString("utf8");
    },
    async reviewComments(_project, number) {
      const pr = get(number);
      if (!pr) throw notFound(number);
      return structuredClone(pr.comments);
    },
    async review(_project, number, action) {
      const author = action.author ?? "reviewer";
      if (action.decision === "approve") plugin.control.approve(number);
      else if (action.decision === "request_changes")
        plugin.control.requestChanges(number, action.body, author);
      else plugin.control.comment(number, action.body, { author });
    },
    async merge(_project, number, options) {
      const pr = get(number);
      if (!pr) throw notFound(number);
      if (pr.state !== "open" || pr.conflict || pr.mergeable === false) {
        throw new AoError({
          code: "PR_NOT_MERGEABLE",
          message: `${NAME}: PR #${number} cannot be merged (${pr.state !== "open" ? pr.state : "it has conflicts"}).`,
          hint: "Resolve the conflict or reopen the PR first.",
        });
      }
      if (pr.headSha !== options.sha) throw errors.headMoved(number, options.sha, pr.headSha);
      plugin.control.merge(number);
    },
    budget: () => structuredClone(budget),
    subscribe(project, emitTo) {
      const listener = { project: project.id, emit: emitTo };
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    control: {
      setCi: (number, status, log) =>
        change(number, (pr) => {
          pr.ci = status;
          if (log !== undefined) pr.ciLog = log;
          return status === "failed"
            ? "ci_failed"
            : status === "passed"
              ? "ci_passed"
              : status === "pending"
                ? "ci_pending"
                : undefined;
        }),
      approve: (number) =>
        change(number, (pr) => {
          pr.review = "approved";
          return "review_approved";
        }),
      requestChanges(number, body, author = "reviewer") {
        const pr = get(number);
        if (!pr) throw notFound(number);
        if (body) plugin.control.comment(number, body, { author });
        change(number, (p) => {
          p.review = "changes_requested";
          return "changes_requested";
        });
      },
      setReview: (number, review) =>
        change(number, (pr) => {
          pr.review = review;
          return undefined;
        }),
      comment(number, body, o) {
        state.update((s) => {
          const pr = s.prs[String(number)];
          if (!pr) throw notFound(number);
          const comment = {
            id: `c${s.nextComment++}`,
            author: o?.author ?? "reviewer",
            body,
            trusted: o?.trusted ?? true,
            ...(o?.thread ? { thread: o.thread } : {}),
          };
          pr.comments.push({ ...comment, createdAt: now() });
        });
        const pr = get(number);
        if (options.emitOnChange && pr) emit(eventFor("review_comment", pr), pr.project);
      },
      conflict: (number, conflict) =>
        change(number, (pr) => {
          pr.conflict = conflict;
          pr.mergeable = !conflict;
          return conflict ? "conflict_detected" : "conflict_resolved";
        }),
      setMergeable: (number, mergeable) =>
        change(number, (pr) => {
          pr.mergeable = mergeable;
          return undefined;
        }),
      merge: (number) =>
        change(number, (pr) => {
          pr.state = "merged";
          return "pr_merged";
        }),
      close: (number) =>
        change(number, (pr) => {
          pr.state = "closed";
          return "pr_closed";
        }),
      emit,
      sign(body) {
        if (!options.secret) throw new Error(`${NAME}: sign() needs the secret option`);
        return signBody(options.secret, body);
      },
      pr: (number) => structuredClone(get(number)),
      prs: () => structuredClone(Object.values(state.read().prs)),
      remoteHead: (project, branch) => state.read().branches[key(project, branch)] ?? null,
      subscribers: () => listeners.size,
      setBudget: (next) => {
        budget = structuredClone(next);
      },
    },
  };
  if (options.secret) {
    const secret = options.secret;
    // On a shared route it sees the tracker's events too: it leaves the issue ones alone.
    plugin.webhook = async (request) =>
      readSignedEvents<ScmEvent>(NAME, secret, request).filter((e) => !String(e?.type).startsWith("issue_"));
  }
  if (options.webhookRoute) Object.assign(plugin, { webhookRoute: options.webhookRoute });
  return plugin;
});

function gitHead(path: string): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: path, encoding: "utf8", stdio: "pipe" }).trim();
  } catch {
    return null;
  }
}

function toPullRequest(pr: FakePr) {
  return {
    number: pr.number,
    url: pr.url,
    branch: pr.branch,
    title: pr.title,
    headSha: pr.headSha,
    state: pr.state,
  };
}

function toStatus(pr: FakePr): PrStatus {
  return {
    ...toPullRequest(pr),
    ci: pr.ci,
    review: pr.review,
    mergeable: pr.mergeable,
    conflict: pr.conflict,
  };
}

function eventFor(type: ScmEvent["type"], pr: FakePr): ScmEvent {
  return {
    type,
    ...(pr.repo ? { repo: pr.repo } : {}),
    pr: pr.number,
    branch: pr.branch,
    url: pr.url,
    ...(pr.headSha ? { headSha: pr.headSha } : {}),
  };
}
