import { setTimeout as sleep } from "node:timers/promises";
import { AoError, errors, isAoError, isTerminal, type SessionState } from "@ao/core";
import type { EngineApi, EngineOptions } from "@ao/engine";
import type { Actions } from "./actions.js";
import { AgentLocalActions } from "./agent-actions.js";
import { agentIdentity } from "./agent-identity.js";
import { findConfig, requireConfig } from "./config/find.js";
import { loadConfig } from "./config/load.js";
import { assertProjectPaths } from "./config/project-paths.js";
import type { ResolvedConfig } from "./config/normalize.js";
import { DaemonActions } from "./daemon-client.js";
import { awaitDaemon } from "./daemon-wait.js";
import { EngineActions } from "./engine-actions.js";
import { defaultHome, readToken } from "./home.js";
import { stderrLogger } from "./log.js";
import { progress } from "./output.js";
import { type BuiltProject, buildProjects } from "./plugins/build.js";
import { cliVersion } from "./plugins/locate.js";
import { agentByName } from "./plugins/agent-by-name.js";
import { secretEnvNames } from "./plugins/secret-env.js";
import { selfCommand } from "./self-command.js";
import { mintSessionToken, revokeSession, revokeSessions } from "./token-store.js";

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
}

// One load per config file and process: a command that needs the config twice pays once.
const loaded = new Map<string, Promise<ResolvedConfig>>();

function load(command: string, file: string): Promise<ResolvedConfig> {
  let config = loaded.get(file);
  if (!config) {
    config = loadConfig({ command, explicit: file });
    loaded.set(file, config);
  }
  return config;
}

/** Load the config (it must exist). */
export function configFor(command: string, options: GlobalOptions): Promise<ResolvedConfig> {
  return load(command, requireConfig(options.config ? { explicit: options.config } : {}));
}

/** AO_HOME, from the config when there is one (its `dataDir`), else the environment. */
export async function homeFor(
  command: string,
  options: GlobalOptions,
): Promise<{ home: string; config?: ResolvedConfig }> {
  const file = findConfig(options.config ? { explicit: options.config } : {});
  if (!file) return { home: defaultHome() };
  const config = await load(command, file);
  return { home: config.home, config };
}

const LOCK_WAIT_MS = 15_000;
const LOCK_RETRY_MS = 150;

type CreateEngine = (options: EngineOptions) => EngineApi;

/** The engine factory, imported only when a command needs an engine. */
export async function engineFactory(): Promise<CreateEngine> {
  const mod = (await import("@ao/engine")) as { createEngine?: CreateEngine };
  if (typeof mod.createEngine !== "function") {
    throw new AoError({
      code: "ENGINE_MISSING",
      message: "@ao/engine does not export createEngine.",
      kind: "internal",
    });
  }
  return mod.createEngine;
}

/**
 * Projects whose damaged journal the user accepted to continue from
 * (`AO_ACCEPT_JOURNAL_LOSS=<project>[,<project>…]`).
 */
function acceptedJournalLoss(env: Record<string, string | undefined> = process.env): string[] {
  return (env.AO_ACCEPT_JOURNAL_LOSS ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Build the engine in this process over every project (or one), recovered and ready to act. */
export async function openLocal(
  config: ResolvedConfig,
  only?: string,
  logLevel: "info" | "warn" = "warn",
  daemon?: {
    tookOverFrom: number | null;
    /** A session's dashboard page, for its notifications (the daemon passes it when it serves one). */
    dashboardUrl?: (sessionId: string, projectId: string) => string | undefined;
  },
): Promise<{ engine: EngineApi; built: BuiltProject[]; actions: EngineActions }> {
  await assertProjectPaths(config, only);
  const built = await buildProjects(config, only);
  const createEngine = await engineFactory();
  const log = stderrLogger(logLevel);
  const aoBin = selfCommand();
  // Another one-shot command may hold a journal's writer lock for a moment:
  // wait for it (bounded) rather than fail, so concurrent commands serialize.
  let engine: EngineApi;
  for (let waited = 0; ; waited += LOCK_RETRY_MS) {
    engine = createEngine({
      home: config.home,
      projects: built.map((b) => b.project),
      pollIntervalMs: config.pollIntervalMs,
      ...(config.resyncIntervalMs !== undefined ? { resyncIntervalMs: config.resyncIntervalMs } : {}),
      pricing: config.pricing,
      log,
      // `ao report` run by an agent inside its worktree finds the config through
      // AO_CONFIG, and this very CLI through AO_BIN (ao need not be on its PATH).
      agentEnv: { AO_CONFIG: config.file, ...(aoBin ? { AO_BIN: aoBin } : {}) },
      acceptJournalLoss: acceptedJournalLoss(),
      ...(daemon ? { role: "daemon", version: cliVersion(), daemonLockTakenFrom: daemon.tookOverFrom } : {}),
      ...(daemon?.dashboardUrl ? { dashboardUrl: daemon.dashboardUrl } : {}),
      secretEnvNames: secretEnvNames(config),
      // `spawn --agent <name>`: resolved like a config slot value, from the config's directory.
      resolveAgent: (_projectId, name) => agentByName(name, config.dir),
      // Each agent acts with its own session's token, never the admin one.
      sessionEnv: (sessionId, projectId) => ({
        AO_SESSION_TOKEN: mintSessionToken(config.home, sessionId, projectId),
      }),
    });
    // A session that has ended has no agent left: its token dies with it.
    engine.subscribe((record) => {
      if (record.kind === "transition" && isTerminal(record.to as SessionState))
        revokeSession(config.home, record.session);
    });
    try {
      await engine.recover();
      break;
    } catch (error) {
      await engine.stop().catch(() => {});
      if (!isAoError(error) || error.code !== "JOURNAL_LOCKED" || waited >= LOCK_WAIT_MS) throw error;
      if (waited === 0) progress("waiting for another ao command to release the journal");
      await sleep(LOCK_RETRY_MS);
    }
  }
  // Tokens of sessions that ended while no ao process was watching (or before tokens were revoked).
  revokeSessions(
    config.home,
    new Set(
      engine
        .sessions()
        .filter((s) => isTerminal(s.state))
        .map((s) => s.id),
    ),
  );
  const actions = new EngineActions(
    engine,
    built.map((b) => b.project),
    () => engine.stop(),
  );
  return { engine, built, actions };
}

/**
 * How a command acts: through the running daemon when there is one (it owns
 * the journals' writer locks), else with an engine in this process.
 */
export async function openActions(command: string, options: GlobalOptions): Promise<Actions> {
  const { home, config } = await homeFor(command, options);
  const { readDaemonInfo } = await import("@ao/engine");
  // A daemon still starting holds daemon.lock and will take the writer locks: wait and use it.
  const delegated = delegatedDaemon();
  const daemon = delegated ?? (await awaitDaemon(home, readDaemonInfo));
  const agent = agentIdentity();
  const local = async () => (await openLocal(config ?? (await configFor(command, options)))).actions;
  if (daemon) return new DaemonActions(daemon, daemonToken(home), home);
  // A delegated token (the orchestrator's) acts only through the daemon, which checks its scope:
  // an engine in this process would act with the user's full rights.
  if (process.env.AO_TOKEN) throw errors.daemonNotRunning(home, "AO_TOKEN acts only through the daemon");
  // Inside an agent's session the in-process engine is fenced to the agent's scope.
  if (agent) return new AgentLocalActions(agent, home, local);
  return local();
}

/**
 * The token to call the daemon with: inside an agent's session its own
 * session token (never the admin token, even when `api-token` is readable),
 * else the admin token.
 */
export function daemonToken(home: string): string | undefined {
  const agent = agentIdentity();
  return agent ? agent.token : process.env.AO_TOKEN || readToken(home);
}

/** The daemon named by AO_URL (`http://host:port`, as given to the orchestrator), if set and valid. */
export function delegatedDaemon(
  env: Record<string, string | undefined> = process.env,
): { pid: number; host: string; port: number } | undefined {
  if (!env.AO_URL) return undefined;
  let url: URL;
  try {
    url = new URL(env.AO_URL);
  } catch {
    throw errors.usage(`AO_URL ${JSON.stringify(env.AO_URL)} is not a URL.`, "AO_URL=http://127.0.0.1:3000");
  }
  const port = Number(url.port || 80);
  if (url.protocol !== "http:" || !Number.isInteger(port)) {
    throw errors.usage(
      `AO_URL ${JSON.stringify(env.AO_URL)} is not an http URL.`,
      "AO_URL=http://127.0.0.1:3000",
    );
  }
  return { pid: 0, host: url.hostname.replace(/^\[|\]$/g, ""), port };
}
