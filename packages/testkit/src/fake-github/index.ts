import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventSubject, FakeContext } from "./context.js";
import { controls } from "./controls.js";
import { FaultQueue } from "./faults.js";
import { createBareRepo } from "./git-ops.js";
import { serveGit } from "./git-http.js";
import { graphqlHandler } from "./graphql.js";
import { Router } from "./http.js";
import { RateBudgets } from "./rate-limit.js";
import { issueRoutes } from "./rest-issues.js";
import { pullRoutes } from "./rest-pulls.js";
import { repoRoutes } from "./rest-repos.js";
import { startServer } from "./server.js";
import { type RepoRecord, World } from "./state.js";
import { syncRefs } from "./sync-refs.js";
import type { FakeGitHubOptions, FaultSpec, LoggedRequest, Permission, RepoOptions } from "./types.js";

export type * from "./types.js";

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
  const tokens = options.tokens ?? { [FAKE_GITHUB_TOKEN]: { login: "ao-bot" } };
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
    },
  };
  repoRoutes(ctx, router);
  issueRoutes(ctx, router);
  pullRoutes(ctx, router);
  router.on("POST", "/graphql", graphqlHandler(ctx, budgets));

  const loginForToken = (t: string): string | undefined => tokens[t]?.login;
  const { server, sockets } = startServer({
    router,
    budgets,
    faults,
    tokens,
    log,
    passThrough: (req, res, url) => serveGit({ ctx, root, execPath, loginForToken }, req, res, url),
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

    /** Queue a fault for the next matching requests (consumed in order). */
    inject(f: FaultSpec): void {
      faults.add(f);
    },
  };
}

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;
