import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BASE_AGENT_ENV,
  homeIdFor,
  type Logger,
  pickEnv,
  type RuntimeHandle,
  type RuntimePlugin,
} from "@ao/core";
import type { ResolvedConfig, ResolvedProject } from "../config/normalize.js";
import { resolveSlot } from "../plugins/resolve.js";
import { selfCommand } from "../self-command.js";
import { mintToken, revokeSession } from "../token-store.js";
import { learnSecret } from "@ao/engine";
import { orchestratorPrompt } from "./orchestrator-prompt.js";
import {
  listOrchestrators,
  orchestratorSessionId,
  readOrchestrator,
  removeOrchestrator,
  writeOrchestrator,
} from "./orchestrator-state.js";

/** What the daemon needs to start orchestrators. */
export interface OrchestratorHost {
  config: ResolvedConfig;
  /** The daemon's URL (AO_URL of the orchestrator). */
  url: string;
  /** This CLI as a shell command (AO_BIN), when known. */
  aoBin?: string;
  log: Logger;
}

interface Running {
  project: string;
  session: string;
  runtime: RuntimePlugin;
  handle: RuntimeHandle;
}

/**
 * Start (or adopt, after a restart) one orchestrator per project that enables
 * it; returns a check to run each poll, which revokes the token of one whose
 * process has ended. An orchestrator outlives a daemon stop so the next start
 * adopts it instead of starting a second one.
 */
export async function startOrchestrators(host: OrchestratorHost): Promise<() => Promise<void>> {
  const running: Running[] = [];
  // One left from a config that no longer enables it keeps no authority.
  for (const record of listOrchestrators(host.config.home)) {
    if (host.config.projects.some((p) => p.id === record.project && p.orchestrator)) continue;
    revokeSession(host.config.home, record.session);
    removeOrchestrator(host.config.home, record.project);
    host.log.warn(
      `The orchestrator of ${record.project} is no longer enabled: its token is revoked (its process, runtime ${record.handle.id}, may still run).`,
    );
  }
  for (const project of host.config.projects) {
    if (!project.orchestrator) continue;
    try {
      running.push(await startOne(host, project));
    } catch (error) {
      host.log.warn(`The orchestrator of ${project.id} did not start: ${(error as Error).message}`);
    }
  }
  return async () => {
    for (const r of [...running]) {
      if (await r.runtime.isAlive(r.handle).catch(() => true)) continue;
      // Its process is gone: so is its authority.
      revokeSession(host.config.home, r.session);
      removeOrchestrator(host.config.home, r.project);
      running.splice(running.indexOf(r), 1);
      host.log.info(`The orchestrator of ${r.project} (${r.session}) ended; its token is revoked.`);
    }
  };
}

async function startOne(host: OrchestratorHost, project: ResolvedProject): Promise<Running> {
  const { config } = host;
  const spec = project.orchestrator as NonNullable<ResolvedProject["orchestrator"]>;
  const bases = { configDir: config.dir };
  const runtime = (await resolveSlot("runtime", spec.runtime.value, spec.runtime.key, bases)).plugin;
  const agent = (await resolveSlot("agent", spec.agent.value, spec.agent.key, bases)).plugin;
  const setupHost = { home: config.home, now: Date.now, log: host.log, secret: () => {} };
  await runtime.setup?.(setupHost);
  await agent.setup?.(setupHost);
  const session = orchestratorSessionId(project.id);
  const known = readOrchestrator(config.home, project.id);
  if (known && known.runtime === runtime.name && (await runtime.isAlive(known.handle).catch(() => false))) {
    host.log.info(`Adopted the running orchestrator of ${project.id} (${session}).`);
    return { project: project.id, session, runtime, handle: known.handle };
  }
  // A fresh process gets a fresh token: the one of an earlier process dies with it.
  revokeSession(config.home, session);
  const token = mintToken(config.home, "orchestrator", { id: session, project: project.id });
  // Masked like every secret from now on, should the agent or a plugin ever print it.
  learnSecret(token);
  const dir = join(config.home, "orchestrators", project.id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const prompt = orchestratorPrompt(project.id, spec.rules);
  const promptFile = join(dir, "prompt.md");
  writeFileSync(promptFile, prompt, { mode: 0o600 });
  const launch = await agent.launch({
    sessionId: session,
    cwd: project.path,
    prompt,
    promptFile,
    issue: null,
    // It only runs `ao`; it never edits the checkout it starts in.
    permissions: "auto",
    home: process.env.HOME ?? dir,
  });
  // An allow-list, as for workers; no AO_SESSION_ID, so `ao` inside acts as the orchestrator, not as an agent.
  const env: Record<string, string> = {
    ...pickEnv(process.env, [...BASE_AGENT_ENV, ...(agent.passEnv ?? [])]),
    AO_CONFIG: config.file,
    AO_HOME: config.home,
    AO_PROJECT: project.id,
    AO_URL: host.url,
    AO_PROMPT_FILE: promptFile,
    ...(host.aoBin ? { AO_BIN: host.aoBin } : {}),
    ...launch.env,
    AO_TOKEN: token,
  };
  const handle = await runtime.create({
    sessionId: session,
    owner: { home: homeIdFor(config.home), project: project.id, session },
    cwd: project.path,
    command: launch.command,
    env,
  });
  writeOrchestrator(config.home, {
    project: project.id,
    session,
    runtime: runtime.name,
    handle,
    startedAt: new Date().toISOString(),
  });
  host.log.info(`Started the orchestrator of ${project.id} (${session}).`);
  return { project: project.id, session, runtime, handle };
}

/**
 * The daemon's part: start the enabled orchestrators, then check each poll
 * whether they still run. Returns the stop of that check (the processes stay).
 */
export async function watchOrchestrators(
  config: ResolvedConfig,
  url: string,
  log: Logger,
): Promise<() => void> {
  if (!config.projects.some((p) => p.orchestrator) && listOrchestrators(config.home).length === 0)
    return () => {};
  const aoBin = selfCommand();
  const check = await startOrchestrators({ config, url, log, ...(aoBin ? { aoBin } : {}) });
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    check()
      .catch((error) => log.warn(`Checking the orchestrators failed: ${(error as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, config.pollIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
