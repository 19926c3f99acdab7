import type { HookConfig, Mergeable, Permission, RepoOptions } from "./types.js";

/** The fake's world: plain records the REST, GraphQL and webhook layers read and change. */

export interface UserRecord {
  login: string;
  id: number;
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  author: string;
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  /** Set when the issue is the conversation of a pull request. */
  isPull: boolean;
}

export interface PullRecord {
  number: number;
  id: number;
  head: string;
  base: string;
  headSha: string;
  baseSha: string;
  draft: boolean;
  fromFork: boolean;
  merged: boolean;
  mergedAt: number | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** A test's `setMergeable` override; null means computed from git. */
  mergeableOverride: Mergeable | null;
  /** True until the first read after open or a head move (lazy mergeability, as GitHub). */
  mergeablePending: boolean;
  inMergeQueue: boolean;
}

export interface CommentRecord {
  id: number;
  issue: number;
  author: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface MilestoneRecord {
  number: number;
  id: number;
  title: string;
  state: "open" | "closed";
  createdAt: number;
}

export interface CheckRunRecord {
  id: number;
  sha: string;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  log: string | null;
  app: string;
  detailsUrl: string | null;
  title: string | null;
  summary: string | null;
  startedAt: number;
  completedAt: number | null;
}

export interface StatusRecord {
  id: number;
  sha: string;
  context: string;
  state: "pending" | "success" | "failure" | "error";
  description: string | null;
  targetUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ReviewRecord {
  id: number;
  pull: number;
  author: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  body: string;
  commitId: string;
  submittedAt: number;
}

export interface ReviewCommentRecord {
  id: number;
  pull: number;
  threadId: string;
  author: string;
  body: string;
  path: string;
  line: number | null;
  inReplyTo: number | null;
  commitId: string;
  createdAt: number;
  updatedAt: number;
}

export interface ThreadRecord {
  id: string;
  pull: number;
  path: string;
  line: number | null;
  resolved: boolean;
  outdated: boolean;
  comments: number[];
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  mergeQueue: boolean;
  protection: RepoOptions["protection"] | null;
  bareDir: string;
  createdAt: number;
  permissions: Map<string, Permission>;
  /** Issues and pull requests share one number sequence, as on GitHub. */
  issues: Map<number, IssueRecord>;
  pulls: Map<number, PullRecord>;
  comments: CommentRecord[];
  labels: Map<string, LabelRecord>;
  milestones: Map<number, MilestoneRecord>;
  checkRuns: CheckRunRecord[];
  statuses: StatusRecord[];
  reviews: ReviewRecord[];
  reviewComments: ReviewCommentRecord[];
  threads: Map<string, ThreadRecord>;
  /** Branch name → commit sha, as last seen in the bare repository. */
  refs: Map<string, string>;
  hook: (HookConfig & { id: number }) | null;
  nextNumber: number;
}

/** Ids shared by every record kind, so a database id is never reused across kinds. */
export class World {
  readonly repos = new Map<string, RepoRecord>();
  readonly users = new Map<string, UserRecord>();
  private nextId = 1000;

  constructor(readonly now: () => number) {}

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  user(login: string): UserRecord {
    let u = this.users.get(login);
    if (!u) {
      u = { login, id: this.newId() };
      this.users.set(login, u);
    }
    return u;
  }

  repo(fullName: string): RepoRecord {
    const r = this.repos.get(fullName.toLowerCase());
    if (!r) throw new Error(`fake GitHub: no repository ${fullName} (call createRepo first)`);
    return r;
  }

  findRepo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  issue(repo: RepoRecord, n: number): IssueRecord {
    const i = repo.issues.get(n);
    if (!i) throw new Error(`fake GitHub: no issue or pull request #${n} in ${repo.fullName}`);
    return i;
  }

  pull(repo: RepoRecord, n: number): PullRecord {
    const p = repo.pulls.get(n);
    if (!p) throw new Error(`fake GitHub: no pull request #${n} in ${repo.fullName}`);
    return p;
  }

  /** Find or create a label by name (GitHub creates unknown labels on assignment). */
  label(repo: RepoRecord, name: string): LabelRecord {
    const key = name.toLowerCase();
    let l = repo.labels.get(key);
    if (!l) {
      l = { id: this.newId(), name, color: "ededed", description: null };
      repo.labels.set(key, l);
    }
    return l;
  }

  milestone(repo: RepoRecord, title: string): MilestoneRecord {
    for (const m of repo.milestones.values()) if (m.title === title) return m;
    const m: MilestoneRecord = {
      number: repo.milestones.size + 1,
      id: this.newId(),
      title,
      state: "open",
      createdAt: this.now(),
    };
    repo.milestones.set(m.number, m);
    return m;
  }
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(String(id)).toString("base64url")}`;
}
