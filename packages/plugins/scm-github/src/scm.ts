import {
  AoError,
  type Logger,
  type PluginHost,
  type ProjectRef,
  type PrStatus,
  type PullRequest,
  type RateBudget,
  type ReviewAction,
  type ReviewComment,
  type ScmEvent,
  type WebhookRequest,
  type WorkspaceInfo,
} from "@ao/core";
import { createGitHubClient, type GitHubClient, verifyDelivery } from "@ao/github-client";
import { failureLog } from "./ci-log.js";
import { gitWithToken, lsRemote } from "./git-push.js";
import { mergePull } from "./merge.js";
import { observePulls } from "./observe.js";
import { PLUGIN, type ScmGitHubSettings } from "./options.js";
import { pullOf, type RestPull } from "./pull-requests.js";
import { type RepoName, repoName } from "./repo-name.js";
import { reviewComments } from "./review-comments.js";
import { TrustCache } from "./trust.js";
import { planDelivery, statusEvents } from "./webhook-events.js";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** `@ao/scm-github`'s implementation; index.ts exposes it as the ScmPlugin. */
export class GitHubScm {
  private host: PluginHost | null = null;
  private client: Promise<GitHubClient> | null = null;
  private resolved: GitHubClient | null = null;
  private trustCache: TrustCache | null = null;
  /** Branches of PRs whose head is in a fork: observed, never pushed to. */
  private readonly forkBranches = new Set<string>();
  /** Which base branches use a merge queue (read at merge time, aged out after 10 minutes). */
  private readonly queues = new Map<string, { queued: boolean; at: number }>();

  constructor(private readonly settings: ScmGitHubSettings) {}

  setup(host: PluginHost): void {
    this.host = host;
  }

  private get log(): Logger {
    return this.host?.log ?? quiet;
  }

  private now(): number {
    return this.host?.now() ?? Date.now();
  }

  private gh(): Promise<GitHubClient> {
    this.client ??= createGitHubClient({
      ...(this.settings.baseUrl ? { baseUrl: this.settings.baseUrl } : {}),
      auth: this.settings.auth,
      now: () => this.now(),
      timeoutMs: this.settings.requestTimeoutMs,
      // A token from `gh auth token` is in no variable the host masks by name: tell it.
      onSecret: (value) => this.host?.secret?.(value),
    })
      .then((gh) => {
        this.resolved = gh;
        return gh;
      })
      .catch((error) => {
        // A missing token today may be exported tomorrow: try again on the next call.
        this.client = null;
        throw error;
      });
    return this.client;
  }

  private trust(): TrustCache {
    this.trustCache ??= new TrustCache(this.settings.trustedAuthors, () => this.now());
    return this.trustCache;
  }

  private gitUrl(repo: RepoName): string {
    return `${this.settings.gitUrl}/${repo.owner}/${repo.repo}.git`;
  }

  async push(project: ProjectRef, workspace: WorkspaceInfo): Promise<{ headSha: string }> {
    const repo = repoName(project);
    const branch = workspace.branch;
    if (this.forkBranches.has(branch))
      throw new AoError({
        code: "FORK_PR",
        message: `${PLUGIN}: the PR on branch ${branch} comes from a fork; ao observes it but never pushes to it.`,
        hint: "Ask the PR's author to push, or open a PR from a branch of this repository.",
      });
    const gh = await this.gh();
    const token = await gh.gitToken();
    const url = this.gitUrl(repo);
    const remote = await lsRemote(url, branch, token);
    const head = (await gitWithToken(workspace.path, ["rev-parse", "HEAD"], token)).trim();
    if (remote !== head) {
      // The lease is the head we just read: a push made by someone else in between is not overwritten.
      await gitWithToken(
        workspace.path,
        [
          "push",
          "--quiet",
          `--force-with-lease=refs/heads/${branch}:${remote ?? ""}`,
          url,
          `HEAD:refs/heads/${branch}`,
        ],
        token,
      );
    }
    return { headSha: head };
  }

  async remoteHead(project: ProjectRef, branch: string): Promise<string | null> {
    const gh = await this.gh();
    return lsRemote(this.gitUrl(repoName(project)), branch, await gh.gitToken());
  }

  async openPR(
    project: ProjectRef,
    o: { branch: string; base: string; title: string; body: string },
  ): Promise<PullRequest> {
    const repo = repoName(project);
    const gh = await this.gh();
    try {
      const { data } = await gh.rest.pulls.create({
        owner: repo.owner,
        repo: repo.repo,
        head: o.branch,
        base: o.base,
        title: o.title,
        body: o.body,
        draft: this.settings.draft,
      });
      return pullOf(data as unknown as RestPull);
    } catch (error) {
      // "A pull request already exists": the agent opened it itself; adopt it.
      if ((error as { status?: number }).status === 422) {
        const found = await this.findPR(project, o.branch);
        if (found) return found;
      }
      throw error;
    }
  }

  async findPR(project: ProjectRef, branch: string): Promise<PullRequest | null> {
    const repo = repoName(project);
    const gh = await this.gh();
    const { data } = await gh.rest.pulls.list({
      owner: repo.owner,
      repo: repo.repo,
      state: "open",
      head: `${repo.owner}:${branch}`,
      per_page: 20,
    });
    const own = (data as unknown as RestPull[]).find(
      (p) =>
        p.head.ref === branch &&
        (p.head.repo?.full_name ?? repo.fullName).toLowerCase() === repo.fullName.toLowerCase(),
    );
    return own ? pullOf(own) : null;
  }

  async getPR(project: ProjectRef, number: number): Promise<PullRequest> {
    const repo = repoName(project);
    const gh = await this.gh();
    const { data } = await gh.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
    const pull = data as unknown as RestPull;
    if (pull.head.repo?.full_name && pull.head.repo.full_name.toLowerCase() !== repo.fullName.toLowerCase())
      this.forkBranches.add(pull.head.ref);
    return pullOf(pull);
  }

  async observe(project: ProjectRef, numbers: number[]): Promise<Map<number, PrStatus>> {
    return this.observeRepo(repoName(project), numbers);
  }

  private async observeRepo(repo: RepoName, numbers: number[]): Promise<Map<number, PrStatus>> {
    if (numbers.length === 0) return new Map();
    return observePulls(
      {
        gh: await this.gh(),
        trust: this.trust(),
        readyWhenGreen: this.settings.readyWhenGreen,
        onFork: (branch) => this.forkBranches.add(branch),
        warn: (m, d) => this.log.warn(m, d),
      },
      repo,
      numbers,
    );
  }

  async ciFailureLog(project: ProjectRef, number: number, maxBytes?: number): Promise<string> {
    return failureLog(await this.gh(), repoName(project), number, maxBytes);
  }

  async reviewComments(project: ProjectRef, number: number): Promise<ReviewComment[]> {
    return reviewComments(await this.gh(), this.trust(), this.settings.bots, repoName(project), number);
  }

  async review(project: ProjectRef, number: number, action: ReviewAction): Promise<void> {
    const repo = repoName(project);
    const gh = await this.gh();
    const event = { approve: "APPROVE", request_changes: "REQUEST_CHANGES", comment: "COMMENT" } as const;
    await gh.rest.pulls.createReview({
      owner: repo.owner,
      repo: repo.repo,
      pull_number: number,
      event: event[action.decision],
      body: action.body,
    });
  }

  async merge(
    project: ProjectRef,
    number: number,
    o: { sha: string; method?: "merge" | "squash" | "rebase" },
  ): Promise<void> {
    await mergePull(await this.gh(), repoName(project), number, {
      sha: o.sha,
      method: o.method ?? this.settings.mergeMethod,
      queues: this.queues,
      now: this.now(),
    });
  }

  /** What GitHub last reported for this plugin's credential (no request; empty before the first call). */
  budget(): RateBudget[] {
    return this.resolved?.budget() ?? [];
  }

  /**
   * Verify a delivery and map it to events. CI and review deliveries re-read
   * the named PRs' combined state in one query (one check passing is not CI
   * passing); when that read fails, nothing is emitted and the next resync
   * poll catches up.
   */
  async webhook(request: WebhookRequest, secret: string): Promise<ScmEvent[]> {
    const delivery = await verifyDelivery(request, { secrets: [secret] });
    const plan = planDelivery(delivery.event, delivery.payload, delivery.deliveryId);
    const events = [...plan.events];
    if (!plan.repo) return events;
    const [owner, name] = plan.repo.split("/");
    if (!owner || !name) return events;
    const repo: RepoName = { owner, repo: name, fullName: plan.repo };
    try {
      const gh = await this.gh();
      const numbers = [...plan.refresh];
      for (const branch of plan.refreshBranches) {
        const { data } = await gh.rest.pulls.list({
          owner,
          repo: name,
          state: "open",
          head: `${owner}:${branch}`,
          per_page: 5,
        });
        numbers.push(
          ...(data as unknown as RestPull[]).filter((p) => p.head.ref === branch).map((p) => p.number),
        );
      }
      if (plan.comment) {
        const trusted = await this.trust().resolve(gh, repo, [plan.comment.author]);
        if (trusted(plan.comment.author))
          events.push({
            type: "review_comment",
            repo: plan.repo,
            pr: plan.comment.pr,
            deliveryId: delivery.deliveryId,
            ...(plan.comment.headSha ? { headSha: plan.comment.headSha } : {}),
          });
      }
      const statuses = await this.observeRepo(repo, numbers);
      for (const status of statuses.values())
        events.push(...statusEvents(status, plan.repo, delivery.deliveryId));
    } catch (error) {
      this.log.warn("A GitHub delivery could not be followed up; the next poll catches up", {
        event: delivery.event,
        error: (error as Error).message,
      });
    }
    return events;
  }
}
