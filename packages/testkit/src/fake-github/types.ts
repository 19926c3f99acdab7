/** Public surface of the fake GitHub (see packages/testkit/README.md). */

export type Permission = "admin" | "write" | "read" | "none";
export type Mergeable = "MERGEABLE" | "CONFLICTING" | "UNKNOWN";

export interface FakeGitHubOptions {
  /** Known tokens and the user each one acts as; scopes are answered in `x-oauth-scopes`. */
  tokens?: Record<string, { login: string; scopes?: string[] }>;
  /** Epoch milliseconds; drives timestamps and rate-limit windows (default `Date.now`). */
  clock?: () => number;
  /** Primary budget per hour per token, REST and GraphQL each (default 5000). */
  rateLimit?: number;
  /** Permission of a token's user on a repo with no `setPermission` entry (default `write`; the owner is `admin`). */
  defaultPermission?: Permission;
  /** Enforce a content-creation secondary limit: REST writes per minute per user (GitHub: about 80). Off by default. */
  secondaryWritesPerMinute?: number;
  /** Answer UNKNOWN / `mergeable: null` on the first read of a PR after it opens or its head moves (default true). */
  lazyMergeable?: boolean;
}

export interface RepoOptions {
  defaultBranch?: string;
  private?: boolean;
  mergeQueue?: boolean;
  protection?: { requiredChecks: string[]; requiredReviews?: number };
}

export interface IssueInput {
  title: string;
  body?: string;
  labels?: string[];
  assignees?: string[];
  milestone?: string;
  author?: string;
  state?: "open" | "closed";
}

export interface PullInput {
  head: string;
  base?: string;
  title: string;
  body?: string;
  draft?: boolean;
  author?: string;
  fromFork?: boolean;
}

export interface CheckRunInput {
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion?: string;
  /** Plain-text job log served by the Actions job-logs endpoint. */
  log?: string;
  /** App slug (default `github-actions`). */
  app?: string;
  detailsUrl?: string;
  title?: string;
  summary?: string;
}

export interface StatusInput {
  context: string;
  state: "pending" | "success" | "failure" | "error";
  description?: string;
  targetUrl?: string;
}

export interface ReviewInput {
  author: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED";
  body?: string;
  commitId?: string;
}

export interface ReviewCommentInput {
  author: string;
  body: string;
  path?: string;
  line?: number;
  inReplyTo?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** The login the token belongs to, never the token itself. */
  token: string | null;
  graphqlOperation?: string;
  conditional?: boolean;
}

export type FaultKind = "5xx" | "429" | "secondary" | "timeout" | "unknown-mergeable";

export interface FaultSpec {
  kind: FaultKind;
  match?: { method?: string; path?: RegExp };
  times?: number;
  retryAfterSeconds?: number;
}

export interface HookConfig {
  url: string;
  secret: string;
  events: string[];
}

export interface DeliverOptions {
  secret?: string;
  deliveryId?: string;
  /** Sign with a wrong key, as an attacker would. */
  forgeSignature?: boolean;
  hookId?: number;
}

export interface Delivery {
  event: string;
  deliveryId: string;
  status: number;
  body: string;
}
