import { join } from "node:path";
import { errors, type PluginBase, projectKeyProblem, transition } from "@ao/core";
import type { EngineApi, EngineOptions, EngineProject, JournalRecord, OverlapWarning } from "./api.js";
import { callPlugin, describeError, mapLimit } from "./calls.js";
import { silentLog, systemClock } from "./clock.js";
import type { EngineContext, ProjectState } from "./context.js";
import { acquireWriterLock } from "./daemon-lock.js";
import { summarizeBatch } from "./batch-summary.js";
import { executeEffect } from "./effect-runner.js";
import { DEFAULT_PRICING } from "./pricing.js";
import { nextLimitReset, resumeAfterLimits } from "./usage-limit.js";
import { runIntake } from "./intake.js";
import { Journal } from "./journal.js";
import { fromScm, ingestTarget, sameRepo } from "./ingest.js";
import { ingestIssueEvent } from "./issue-events.js";
import { findOverlaps, observeProject } from "./observe.js";
import { recoverProject } from "./recover.js";
import { ALL_DUE, type RemoteDue, ResyncSchedule } from "./resync.js";
import { configuredSecrets, learnSecret, redactor, textRedactor } from "./redact.js";
import { KeyedSerial } from "./serial.js";
import { sessionActions } from "./session-actions.js";
import { agentNameOf, namedAgents } from "./session-agent.js";

const MIN_POLL_MS = 100;

/**
 * Build the engine over the plugins the CLI resolved. Nothing touches disk
 * until `recover()`, `start()`, `tick()` or a command: then each project's
 * writer lock is taken and its journal folded.
 */
export function createEngine(options: EngineOptions): EngineApi {
  if (typeof options.home !== "string" || options.home.length === 0) {
    throw errors.usage(
      "createEngine: `home` (the AO_HOME directory) is required.",
      "Pass createEngine({ home, projects }).",
    );
  }
  const pollMs = options.pollIntervalMs ?? 30_000;
  if (!Number.isFinite(pollMs) || pollMs < MIN_POLL_MS) {
    throw errors.usage(
      `createEngine: pollIntervalMs must be at least ${MIN_POLL_MS} (got ${pollMs}).`,
      `Set pollInterval to "${MIN_POLL_MS}ms" or more.`,
    );
  }
  const resyncMs = options.resyncIntervalMs ?? Math.max(600_000, pollMs);
  if (!Number.isFinite(resyncMs) || resyncMs < pollMs) {
    throw errors.usage(
      `createEngine: resyncIntervalMs must be at least the poll interval (${pollMs} ms; got ${resyncMs}).`,
      'Set webhooks.resync to a duration no shorter than pollInterval, e.g. "10m".',
    );
  }
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  for (const project of options.projects) {
    const problem = projectKeyProblem(project.ref.id);
    if (problem) {
      throw errors.usage(
        `createEngine: the project key ${JSON.stringify(project.ref.id)} ${problem}.`,
        'Use a key like "my-app": it names a directory under AO_HOME and goes into runtime names.',
      );
    }
  }
  const env = options.env ?? process.env;
  // Masked wherever ao writes: variables the config names as secret, and those it grants to agents.
  const secretNames = [
    ...(options.secretEnvNames ?? []),
    ...options.projects.flatMap((p) => [...(p.agentEnv ?? []), ...(p.plugins.agent.passEnv ?? [])]),
  ];
  let secrets = configuredSecrets(env, secretNames);
  let redactLine = redactor(secrets);
  let redactPlain = textRedactor(secrets);
  const redact = (line: string) => redactLine(line);
  // An agent named at spawn (`--agent`) is resolved late: what it is granted is masked from then on.
  const agentNamed = namedAgents(options.resolveAgent, (agent) => {
    const fresh = (agent.passEnv ?? []).filter((n) => !secretNames.includes(n));
    if (fresh.length === 0) return;
    secretNames.push(...fresh);
    secrets = configuredSecrets(env, secretNames);
    redactLine = redactor(secrets);
    redactPlain = textRedactor(secrets);
  });
  const projects = new Map<string, ProjectState>();
  const releases: Array<() => void> = [];
  const listeners = new Set<(record: JournalRecord & { project: string }) => void>();
  const effectLoops = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const unsubscribes: Array<() => void> = [];
  let opened: Promise<void> | null = null;
  let recovered: Promise<void> | null = null;
  let ticking: Promise<void> | null = null;
  let timer: unknown = null;
  let stopped = false;
  const serial = new KeyedSerial();
  const resync = new ResyncSchedule(resyncMs, () => clock.now(), pollMs);
  const role = options.role ?? "command";

  const ctx: EngineContext = {
    home: options.home,
    agentEnv: options.agentEnv ?? {},
    redactText: (text) => redactPlain(text),
    agentNamed,
    agentOf: (ps, sessionId) => agentNamed(ps, agentNameOf(ps, sessionId)),
    ...(options.sessionEnv ? { sessionEnv: options.sessionEnv } : {}),
    env,
    clock,
    log,
    callTimeoutMs: options.callTimeoutMs ?? 30_000,
    concurrency: Math.max(1, options.concurrency ?? 8),
    pricing: { ...DEFAULT_PRICING, ...options.pricing },
    staleActivityMs: options.staleActivityMs ?? 10 * 60_000,
    sessionInfoIntervalMs: options.sessionInfoIntervalMs ?? 60_000,
    infoReadAt: new Map(),
    projects,
    reserved: new Set(),
    call: (plugin, what, fn) => callPlugin(plugin, what, ctx.callTimeoutMs, fn),
    ...(options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {}),
    notifying: new Set(),
    owner(sessionId) {
      for (const ps of projects.values()) {
        const session = ps.journal.fold.sessions.get(sessionId);
        if (session) return { ps, session };
      }
      throw errors.sessionNotFound(sessionId);
    },
    async record(project, input) {
      const ps = projects.get(project);
      if (!ps) throw errors.projectNotFound(project, [...projects.keys()]);
      await ps.journal.commit(input);
    },
    serial: (key, fn) => serial.run(key, fn),
    async dispatch(sessionId, event, action) {
      // Compute and commit under the session's turn: the fold changes only once the event is on disk.
      const done = await serial.run(sessionId, async () => {
        const { ps, session } = ctx.owner(sessionId);
        const [next, effects] = transition(session, event);
        // Who asked is journaled in the same write as the event, even when the event changes nothing.
        const writes = action ? [ps.journal.commit(action)] : [];
        if (next === session) {
          await Promise.all(writes);
          return { ps, next: null, session }; // duplicate, stale or no change
        }
        const at = clock.now();
        writes.push(ps.journal.commit({ at, kind: "event", session: sessionId, event }));
        if (next.state !== session.state || effects.length > 0) {
          writes.push(
            ps.journal.commit({
              at,
              kind: "transition",
              session: sessionId,
              from: session.state,
              to: next.state,
              effects,
            }),
          );
        }
        await Promise.all(writes);
        return { ps, next, session };
      });
      if (!done.next) return done.session;
      await runEffects(done.ps, sessionId);
      return done.ps.journal.fold.sessions.get(sessionId) ?? done.next;
    },
  };

  /** Run a session's due effects in order. Re-entrant calls (an effect dispatching) just ask for another pass. */
  async function runEffects(ps: ProjectState, sessionId: string): Promise<void> {
    if (effectLoops.has(sessionId)) {
      again.add(sessionId);
      return;
    }
    const loop = (async () => {
      do {
        again.delete(sessionId);
        for (const p of [...ps.journal.fold.pending.values()]) {
          if (p.session !== sessionId || p.nextAt > clock.now() || !ps.journal.fold.pending.has(p.ref))
            continue;
          await executeEffect(ctx, ps, p);
        }
      } while (again.has(sessionId));
    })().finally(() => effectLoops.delete(sessionId));
    effectLoops.set(sessionId, loop);
    await loop;
  }

  async function runDueEffects(ps: ProjectState): Promise<void> {
    const now = clock.now();
    const due = new Set<string>();
    for (const p of ps.journal.fold.pending.values()) if (p.nextAt <= now) due.add(p.session);
    const results = await mapLimit([...due], ctx.concurrency, (id) => runEffects(ps, id));
    for (const r of results) if (!r.ok) log.warn("effects failed", { error: describeError(r.error) });
  }

  function ensureOpen(): Promise<void> {
    opened ??= (async () => {
      const setUp = new Set<PluginBase<string>>();
      for (const project of options.projects) {
        const id = project.ref.id;
        if (projects.has(id))
          throw errors.usage(
            `createEngine: project "${id}" is configured twice.`,
            "Give each project its own key.",
          );
        const dir = join(options.home, "projects", id);
        const writer = acquireWriterLock(dir, id, log);
        releases.push(writer.release);
        let journal: Journal;
        try {
          journal = await Journal.open({
            dir,
            project: id,
            log,
            redact,
            now: () => clock.now(),
            acceptLoss: options.acceptJournalLoss?.includes(id) ?? false,
            ...(options.snapshotEvery !== undefined ? { snapshotEvery: options.snapshotEvery } : {}),
          });
        } catch (error) {
          // A refused (damaged) journal must not keep the projects opened so far locked.
          for (const release of releases.splice(0)) release();
          for (const ps of projects.values()) await ps.journal.close().catch(() => {});
          projects.clear();
          opened = null;
          throw error;
        }
        journal.onRecord((record) => {
          for (const l of listeners) l({ ...record, project: id });
        });
        projects.set(id, { project, ref: project.ref, dir, journal });
        const takeovers: Array<[string, number | null]> = [];
        if (writer.tookOverFrom !== undefined) takeovers.push(["writer.lock", writer.tookOverFrom]);
        if (options.daemonLockTakenFrom !== undefined && options.daemonLockTakenFrom !== null)
          takeovers.push(["daemon.lock", options.daemonLockTakenFrom]);
        // The daemon's start comes first, so the recovery and takeover records after it read as its doing.
        if (role === "daemon") await journalDaemon(journal, "started");
        for (const [lock, from] of takeovers)
          await journal.commit({ at: clock.now(), kind: "lock_takeover", lock, from, pid: process.pid });
        for (const plugin of pluginsOf(project)) {
          if (setUp.has(plugin)) continue;
          setUp.add(plugin);
          if (plugin.setup) {
            const setup = plugin.setup.bind(plugin);
            await ctx.call(plugin, "setup", () =>
              setup({ home: options.home, now: () => clock.now(), log, secret: learnSecret }),
            );
          }
        }
      }
    })();
    return opened;
  }

  async function recover(): Promise<void> {
    await ensureOpen();
    recovered ??= (async () => {
      for (const ps of projects.values()) {
        await recoverProject(ctx, ps);
        await runDueEffects(ps);
      }
    })();
    await recovered;
  }

  /** A `daemon` record in a project's journal: restarts show up in `ao events`. */
  async function journalDaemon(journal: Journal, event: "started" | "stopped"): Promise<void> {
    await journal
      .commit({
        at: clock.now(),
        kind: "daemon",
        event,
        pid: process.pid,
        ...(options.version ? { version: options.version } : {}),
      })
      .catch((error) =>
        log.warn("Could not journal the daemon's start/stop", { error: describeError(error) }),
      );
  }

  /** Intake of one project, one run at a time (a webhook and the loop must not both fill the same room). */
  const intakeOf = (ps: ProjectState) => serial.run(`${ps.ref.id}#intake`, () => runIntake(ctx, ps));

  /** One pass; `due` says which remote services each project may be asked (all of them by default). */
  async function tick(due: (ps: ProjectState) => RemoteDue = () => ALL_DUE): Promise<void> {
    await ensureOpen();
    if (ticking) return ticking;
    ticking = (async () => {
      await mapLimit([...projects.values()], ctx.concurrency, async (ps) => {
        const changed = await observeProject(ctx, ps, due(ps));
        for (const o of findOverlaps(changed)) {
          const known = ps.journal.fold.overlaps.some(
            (k) => k.session === o.session && k.with === o.with && k.files.join("\n") === o.files.join("\n"),
          );
          if (!known) await ctx.record(ps.ref.id, { at: clock.now(), kind: "overlap", ...o });
        }
        await resumeAfterLimits(ctx, ps).catch((error) =>
          log.warn(`Resuming limited agents of ${ps.ref.id} failed`, { error: describeError(error) }),
        );
        await runDueEffects(ps);
        await summarizeBatch(ctx, ps);
      });
    })().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      await ensureOpen();
      const due = new Map([...projects.values()].map((ps) => [ps, resync.due(ps, false)]));
      await tick((ps) => due.get(ps) ?? ALL_DUE);
      for (const ps of projects.values()) {
        if (!due.get(ps)?.tracker) continue;
        await intakeOf(ps).catch((error) =>
          log.warn(`Intake of ${ps.ref.id} failed`, { error: describeError(error) }),
        );
      }
    } catch (error) {
      log.error("Reconcile tick failed", { error: describeError(error) });
    }
    // A usage limit that resets before the next tick wakes the loop then.
    const reset = nextLimitReset(projects.values(), clock.now());
    const wait = reset === null ? pollMs : Math.max(0, Math.min(pollMs, reset - clock.now()));
    if (!stopped) timer = clock.setTimeout(() => void loop(), wait);
  }

  const engine: EngineApi = {
    recover,
    async start() {
      stopped = false;
      await ensureOpen();
      await recover();
      for (const ps of projects.values()) {
        const { scm } = ps.project.plugins;
        if (!scm.subscribe) continue;
        const id = ps.ref.id;
        unsubscribes.push(
          scm.subscribe(ps.ref, (event) => {
            void engine
              .ingest(id, event)
              .catch((error) =>
                log.warn("Pushed event failed", { project: id, error: describeError(error) }),
              );
          }),
        );
      }
      void loop();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      for (const u of unsubscribes.splice(0)) u();
      if (!opened) return;
      await opened.catch(() => {});
      await ticking?.catch(() => {});
      await Promise.allSettled([...effectLoops.values()]);
      // Deliveries in flight end (each bounded by the call timeout) before the journal closes.
      await Promise.allSettled([...ctx.notifying]);
      if (role === "daemon") for (const ps of projects.values()) await journalDaemon(ps.journal, "stopped");
      const disposed = new Set<PluginBase<string>>();
      for (const ps of projects.values()) {
        await ps.journal
          .writeSnapshot()
          .catch((error) => log.warn("snapshot failed", { error: describeError(error) }));
        await ps.journal.close();
        for (const plugin of pluginsOf(ps.project)) {
          if (!plugin.dispose || disposed.has(plugin)) continue;
          disposed.add(plugin);
          const dispose = plugin.dispose.bind(plugin);
          await ctx.call(plugin, "dispose", () => dispose()).catch(() => {});
        }
      }
      for (const release of releases.splice(0)) release();
      projects.clear();
      opened = null;
      recovered = null;
    },
    tick: () => tick(),
    ...sessionActions(ctx, ensureOpen, () => tick()),
    async ingest(project, event, opts) {
      await ensureOpen();
      const ps = projects.get(project);
      if (!ps) throw errors.projectNotFound(project, [...projects.keys()]);
      if (!sameRepo(event, ps.ref)) return; // another repository's PR #n is not ours
      const deliveryId = event.deliveryId;
      if (deliveryId) {
        const actor = opts?.actor ? { actor: opts.actor } : {};
        // Check and record in one turn: a redelivery racing the first must see its record.
        const fresh = await serial.run(`${project}#delivery`, async () => {
          if (ps.journal.fold.deliveries.has(deliveryId)) return false;
          await ctx.record(project, { at: clock.now(), kind: "delivery", id: deliveryId, ...actor });
          return true;
        });
        if (!fresh) return;
      }
      const target = ingestTarget(ps, event);
      const sessionEvent = fromScm(event, clock.now());
      if (!target || !sessionEvent) return;
      await ctx.dispatch(target.id, sessionEvent);
    },
    async ingestIssue(project, event, opts) {
      await ensureOpen();
      const ps = projects.get(project);
      if (!ps) throw errors.projectNotFound(project, [...projects.keys()]);
      await ingestIssueEvent(ctx, ps, event, opts, () => intakeOf(ps));
    },
    sessions: () =>
      [...projects.values()]
        .flatMap((ps) => [...ps.journal.fold.sessions.values()])
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
    session(id) {
      for (const ps of projects.values()) {
        const s = ps.journal.fold.sessions.get(id);
        if (s) return s;
      }
      return undefined;
    },
    agentInfo(id) {
      for (const ps of projects.values()) {
        const info = ps.journal.fold.agentInfo.get(id);
        if (info) return info;
      }
      return undefined;
    },
    overlaps(project) {
      const out: OverlapWarning[] = [];
      for (const ps of projects.values()) {
        if (project && ps.ref.id !== project) continue;
        for (const o of ps.journal.fold.overlaps)
          out.push({ project: ps.ref.id, session: o.session, with: o.with, files: o.files, at: o.at });
      }
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return engine;
}

/** Every plugin instance of a project, each slot once (setup and dispose walk them). */
function pluginsOf(project: EngineProject): PluginBase<string>[] {
  const p = project.plugins;
  const all = [p.runtime, p.agent, p.workspace, p.tracker, p.scm, p.lifecycle, p.terminal, ...p.notifiers];
  return all.filter((plugin): plugin is NonNullable<typeof plugin> => plugin !== undefined);
}
