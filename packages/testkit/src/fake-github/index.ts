import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppRegistry, type FakeApp, type TokenEntry } from "./apps.js";
import type { EventSubject, FakeContext } from "./context.js";
import { controls } from "./controls.js";
import { FaultQueue } from "./faults.js";
import { createBareRepo } from "./git-ops.js";
import { serveGit } from "./git-http.js";
import { graphqlHandler } from "./graphql.js";
import { payloadBuilders } from "./payloads.js";
import { Router } from "./http.js";
import { RateBudgets, WriteLimit } from "./rate-limit.js";
import { issueRoutes } from "./rest-issues.js";
import { pullRoutes } from "./rest-pulls.js";
import { JobLogLinks, checkRoutes } from "./rest-checks.js";
import { hookRoutes } from "./rest-hooks.js";
import { repoRoutes } from "./rest-repos.js";
import { reviewRoutes } from "./rest-reviews.js";
import { startServer } from "./server.js";
import { type RepoRecord, World } from "./state.js";
import { syncRefs } from "./sync-refs.js";
import { HookDispatcher, deliver } from "./webhooks.js";
import type {
  DeliverOptions,
  FakeGitHubOptions,
  FaultSpec,
  HookConfig,
  LoggedRequest,
  Permission,
  RepoOptions,
} from "./types.js";

export type * from "./types.js";
export type { FakeApp } from "./apps.js";

/** The token `startFakeGitHub()` accepts when no `tokens` are given (user `ao-bot`). */
export const FAKE_GITHUB_TOKEN = "ghp_fakeTokenForTests000000000000000000";

/** A state change the fake observed (what a configured hook would be told). */
export interface FakeGitHubEvent {
  repo: string;
  event: string;
  action: string | null;
  subject: EventSubject;
}

/**
 * Start a local server that speaks GitHub's REST, GraphQL and git-over-HTTP
 * wire protocols over in-memory state and real bare repositories, for
 * tests that drive the unmodified Octokit clients against it.
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}) {
  // Copied: installation tokens minted by apps are added to it.
  const tokens: Record<string, TokenEntry> = {
    ...(options.tokens ?? { [FAKE_GITHUB_TOKEN]: { login: "ao-bot" } }),
  };
  const now = options.clock ?? Date.now;
  const world = new World(now);
  const root = await mkdtemp(join(tmpdir(), "ao-fake-github-"));
  const faults = new FaultQueue();
  const budgets = new RateBudgets(now, options.rateLimit ?? 5000);
  const log: LoggedRequest[] = [];
  const events: FakeGitHubEvent[] = [];
  const router = new Router();
  const execPath = execFileSync("git", ["--exec-path"], { encoding: "utf8" }).trim();

  const ctx: FakeContext = {
    world,
    url: "",
    lazyMergeable: options.lazyMergeable ?? true,
    defaultPermission: options.defaultPermission ?? "write",
    knownLogins: new Set(Object.values(tokens).map((t) => t.login)),
    faults,
    syncRefs: (repo) => syncRefs(ctx, repo),
    emit(repo, event, action, subject) {
      events.push({ repo: repo.fullName, event, action, subject });
      hooks.emit(repo, event, action, subject);
    },
  };
  const payloads = payloadBuilders(ctx);
  const hooks = new HookDispatcher(ctx, payloads);
  repoRoutes(ctx, router);
  issueRoutes(ctx, router);
  pullRoutes(ctx, router);
  const jobLogs = new JobLogLinks();
  checkRoutes(ctx, router, jobLogs);
  reviewRoutes(ctx, router);
  router.on("POST", "/graphql", graphqlHandler(ctx, budgets));
  hookRoutes(ctx, router, hooks);
  const apps = new AppRegistry(ctx, tokens);
  apps.routes(router);

  const loginForToken = (t: string): string | undefined => {
    const entry = tokens[t];
    return entry && (entry.expiresAt === undefined || now() < entry.expiresAt) ? entry.login : undefined;
  };
  const { server, sockets } = startServer({
    router,
    budgets,
    writes: new WriteLimit(now, options.secondaryWritesPerMinute),
    faults,
    tokens,
    now,
    log,
    passThrough: async (req, res, url) => {
      const logKey = /^\/_fake\/job-logs\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (logKey === undefined) return serveGit({ ctx, root, execPath, loginForToken }, req, res, url);
      const text = jobLogs.take(logKey);
      res.writeHead(text === undefined ? 404 : 200, { "content-type": "text/plain; charset=utf-8" });
      res.end(text ?? "Link expired\n");
      return true;
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake GitHub: no TCP address");
  ctx.url = `http://127.0.0.1:${address.port}`;

  return {
    url: ctx.url,
    /** Every state change so far, in order (what a configured hook would be told). */
    events,
    ...controls(ctx),

    async close(): Promise<void> {
      await hooks.idle();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },

    async createRepo(fullName: string, opts: RepoOptions = {}): Promise<{ bareDir: string }> {
      const [owner, name, extra] = fullName.split("/");
      if (!owner || !name || extra !== undefined)
        throw new Error(`fake GitHub: repo name must be owner/name, got ${fullName}`);
      if (world.repos.has(fullName.toLowerCase())) throw new Error(`fake GitHub: ${fullName} already exists`);
      const branch = opts.defaultBranch ?? "main";
      await mkdir(join(root, owner), { recursive: true });
      const bareDir = join(root, owner, `${name}.git`);
      const sha = await createBareRepo(bareDir, branch, name);
      const repo: RepoRecord = {
        id: world.newId(),
        owner,
        name,
        fullName,
        defaultBranch: branch,
        private: opts.private ?? false,
        mergeQueue: opts.mergeQueue ?? false,
        protection: opts.protection ?? null,
        bareDir,
        createdAt: now(),
        permissions: new Map(),
        issues: new Map(),
        pulls: new Map(),
        comments: [],
        labels: new Map(),
        milestones: new Map(),
        checkRuns: [],
        statuses: [],
        reviews: [],
        reviewComments: [],
        threads: new Map(),
        refs: new Map([[branch, sha]]),
        hook: null,
        nextNumber: 1,
      };
      world.repos.set(fullName.toLowerCase(), repo);
      world.user(owner);
      return { bareDir };
    },

    /**
     * Register a GitHub App with one installation; its JWT (RS256, `iss` = appId,
     * checked against the fake's clock) mints hour-long tokens acting as `<slug>[bot]`.
     */
    createApp(opts: { slug?: string } = {}): FakeApp {
      return apps.create(opts.slug ?? "ao-app");
    },

    setPermission(repo: string, login: string, permission: Permission): void {
      world.repo(repo).permissions.set(login, permission);
      world.user(login);
    },

    /** Every API request so far (git traffic excluded); tokens appear as their login. */
    get requests(): readonly LoggedRequest[] {
      return log;
    },
    resetRequests(): void {
      log.length = 0;
    },

    /** Read-only views of one repo's records, for assertions. */
    repoState(repoName: string) {
      const r = world.repo(repoName);
      return structuredClone({
        issues: [...r.issues.values()],
        pulls: [...r.pulls.values()],
        comments: r.comments,
        labels: [...r.labels.values()],
        checkRuns: r.checkRuns,
        statuses: r.statuses,
        reviews: r.reviews,
        reviewComments: r.reviewComments,
        threads: [...r.threads.values()],
        refs: Object.fromEntries(r.refs),
      });
    },

    /** Payload builders shaped like GitHub's webhook payloads, from the current state. */
    payloads,

    /** Sign and POST one webhook delivery, as GitHub's hook sender does. */
    deliver(target: string, event: string, payload: object, opts?: DeliverOptions) {
      return deliver(target, event, payload, opts);
    },

    /** Let the fake itself deliver webhooks for this repo's state changes (null removes the hook). */
    setHook(repo: string, hook: HookConfig | null): void {
      hooks.set(world.repo(repo), hook);
    },

    /** Deliveries made by configured hooks, in order (redeliveries appended). */
    get deliveries() {
      return hooks.deliveries;
    },

    /** Resolves once every queued hook delivery has been answered. */
    hooksIdle(): Promise<void> {
      return hooks.idle();
    },

    /** Send a past hook delivery again with the same delivery id. */
    redeliver(deliveryId: string) {
      return hooks.redeliver(deliveryId);
    },

    /** Queue a fault for the next matching requests (consumed in order). */
    inject(f: FaultSpec): void {
      faults.add(f);
    },
  };
}

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;
