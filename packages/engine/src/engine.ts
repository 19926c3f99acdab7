import { join } from "node:path";
import {
  errors,
  isTerminal,
  type PluginBase,
  type ScmEvent,
  type SessionEvent,
  type SessionSnapshot,
  transition,
} from "@ao/core";
import type { EngineApi, EngineOptions, EngineProject, JournalRecord, OverlapWarning } from "./api.js";
import { callPlugin, describeError, mapLimit } from "./calls.js";
import { silentLog, systemClock } from "./clock.js";
import type { EngineContext, ProjectState } from "./context.js";
import { acquireWriterLock } from "./daemon-lock.js";
import { executeEffect } from "./effect-runner.js";
import { runIntake } from "./intake.js";
import { Journal } from "./journal.js";
import { findOverlaps, liveSessions, observeProject } from "./observe.js";
import { redactor, secretValues } from "./redact.js";
import { continueSpawn, markInProgress, spawnSession } from "./spawn.js";

const MIN_POLL_MS = 100;

/** Turns a pushed SCM event into the session event it means, or null when it lacks what it needs. */
function fromScm(ev: ScmEvent, at: number): SessionEvent | null {
  const base = { at, ...(ev.deliveryId ? { id: ev.deliveryId } : {}) };
  const sha = ev.headSha ? { headSha: ev.headSha } : {};
  switch (ev.type) {
    case "pushed":
      return ev.headSha ? { ...base, type: "pushed", headSha: ev.headSha } : null;
    case "pr_opened":
      return ev.pr !== undefined && ev.url
        ? { ...base, type: "pr_opened", number: ev.pr, url: ev.url, ...sha }
        : null;
    case "pr_merged":
    case "pr_closed":
      return { ...base, type: ev.type };
    default:
      return { ...base, type: ev.type, ...sha };
  }
}

/**
 * Build the engine over the plugins the CLI resolved. Nothing touches disk
 * until `recover()`, `start()`, `tick()` or a command: then each project's
 * writer lock is taken and its journal folded.
 */
export function createEngine(options: EngineOptions): EngineApi {
  if (typeof options.home !== "string" || options.home.length === 0) {
    throw errors.usage("createEngine: `home` (the AO_HOME directory) is required.");
  }
  const pollMs = options.pollIntervalMs ?? 30_000;
  if (!Number.isFinite(pollMs) || pollMs < MIN_POLL_MS) {
    throw errors.usage(`createEngine: pollIntervalMs must be at least ${MIN_POLL_MS} (got ${pollMs}).`);
  }
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  const redact = redactor(secretValues(options.env ?? process.env));
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

  const ctx: EngineContext = {
    home: options.home,
    agentEnv: options.agentEnv ?? {},
    clock,
    log,
    redact,
    callTimeoutMs: options.callTimeoutMs ?? 30_000,
    concurrency: Math.max(1, options.concurrency ?? 8),
    projects,
    reserved: new Set(),
    call: (plugin, what, fn) => callPlugin(plugin, what, ctx.callTimeoutMs, fn),
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
      await ps.journal.commit(input).written;
    },
    async dispatch(sessionId, event) {
      const { ps, session } = ctx.owner(sessionId);
      const [next, effects] = transition(session, event);
      if (next === session) return session; // duplicate, stale or no change: nothing is journaled
      const at = clock.now();
      const { written } = ps.journal.commit({ at, kind: "event", session: sessionId, event });
      if (next.state !== session.state || effects.length > 0) {
        ps.journal.commit({
          at,
          kind: "transition",
          session: sessionId,
          from: session.state,
          to: next.state,
          effects,
        });
      }
      await written;
      await runEffects(ps, sessionId);
      return ps.journal.fold.sessions.get(sessionId) ?? next;
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
        if (projects.has(id)) throw errors.usage(`createEngine: project "${id}" is configured twice.`);
        const dir = join(options.home, "projects", id);
        releases.push(acquireWriterLock(dir, id, log));
        const journal = await Journal.open({
          dir,
          log,
          redact,
          ...(options.snapshotEvery !== undefined ? { snapshotEvery: options.snapshotEvery } : {}),
        });
        journal.onRecord((record) => {
          for (const l of listeners) l({ ...record, project: id });
        });
        projects.set(id, { project, ref: project.ref, dir, journal });
        for (const plugin of pluginsOf(project)) {
          if (setUp.has(plugin)) continue;
          setUp.add(plugin);
          if (plugin.setup) {
            const setup = plugin.setup.bind(plugin);
            await ctx.call(plugin, "setup", () => setup({ home: options.home, now: () => clock.now(), log }));
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
        const open = [...ps.journal.fold.sessions.values()].filter((s) => !isTerminal(s.state));
        await mapLimit(open, ctx.concurrency, async (s) => {
          if (s.facts.phase === "spawning") {
            log.info(`Finishing the interrupted spawn of ${s.id}`);
            await continueSpawn(ctx, s.id).catch((error) =>
              log.warn(`Rolled back the spawn of ${s.id}`, { error: describeError(error) }),
            );
            return;
          }
          if (s.facts.phase === "running") await markInProgress(ctx, s.id);
          if (s.facts.phase === "running" && s.resources.runtime && s.facts.activity?.state !== "exited") {
            const { runtime } = ps.project.plugins;
            const handle = s.resources.runtime;
            const alive = await ctx.call(runtime, "isAlive", () => runtime.isAlive(handle)).catch(() => true);
            if (!alive)
              await ctx.dispatch(s.id, { type: "agent_exited", at: clock.now(), source: "runtime" });
          }
        });
        await runDueEffects(ps);
      }
    })();
    await recovered;
  }

  async function tick(): Promise<void> {
    await ensureOpen();
    if (ticking) return ticking;
    ticking = (async () => {
      await mapLimit([...projects.values()], ctx.concurrency, async (ps) => {
        const changed = await observeProject(ctx, ps);
        for (const o of findOverlaps(changed)) {
          const known = ps.journal.fold.overlaps.some(
            (k) => k.session === o.session && k.with === o.with && k.files.join("\n") === o.files.join("\n"),
          );
          if (!known) await ctx.record(ps.ref.id, { at: clock.now(), kind: "overlap", ...o });
        }
        await runDueEffects(ps);
      });
    })().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      await tick();
      for (const ps of projects.values()) {
        await runIntake(ctx, ps).catch((error) =>
          log.warn(`Intake of ${ps.ref.id} failed`, { error: describeError(error) }),
        );
      }
    } catch (error) {
      log.error("Reconcile tick failed", { error: describeError(error) });
    }
    if (!stopped) timer = clock.setTimeout(() => void loop(), pollMs);
  }

  async function command(sessionId: string, event: SessionEvent): Promise<SessionSnapshot> {
    await ensureOpen();
    return ctx.dispatch(sessionId, event);
  }

  const engine: EngineApi = {
    recover,
    async start() {
      stopped = false;
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
    tick,
    async spawn(request) {
      await ensureOpen();
      return spawnSession(ctx, request);
    },
    send: (id, text, requestId) =>
      command(id, { type: "user_message", at: clock.now(), text, ...(requestId ? { id: requestId } : {}) }),
    kill: (id) => command(id, { type: "kill", at: clock.now() }),
    restore: (id) => command(id, { type: "restore", at: clock.now() }),
    report: (id, report) => command(id, { type: "agent_report", at: clock.now(), report }),
    async claimPr(project, number, sessionId) {
      await ensureOpen();
      const ps = projects.get(project);
      if (!ps) throw errors.projectNotFound(project, [...projects.keys()]);
      const { scm } = ps.project.plugins;
      const pr = await ctx.call(scm, "getPR", () => scm.getPR(ps.ref, number));
      const target = sessionId ?? liveSessions(ps).find((s) => s.branch === pr.branch)?.id;
      if (!target) {
        throw errors.usage(
          `No live session works on ${pr.branch} (PR #${number}).`,
          `Name the session: \`ao claim-pr ${number} <session>\`.`,
        );
      }
      return ctx.dispatch(target, {
        type: "pr_claimed",
        at: clock.now(),
        number: pr.number,
        url: pr.url,
        ...(pr.headSha ? { headSha: pr.headSha } : {}),
      });
    },
    async ingest(project, event) {
      await ensureOpen();
      const ps = projects.get(project);
      if (!ps) throw errors.projectNotFound(project, [...projects.keys()]);
      if (event.deliveryId) {
        if (ps.journal.fold.deliveries.has(event.deliveryId)) return;
        await ctx.record(project, { at: clock.now(), kind: "delivery", id: event.deliveryId });
      }
      const candidates = [...ps.journal.fold.sessions.values()].filter((s) => !isTerminal(s.state));
      const target =
        (event.pr !== undefined ? candidates.find((s) => s.facts.pr?.number === event.pr) : undefined) ??
        (event.branch ? candidates.find((s) => s.branch === event.branch) : undefined);
      const sessionEvent = fromScm(event, clock.now());
      if (!target || !sessionEvent) return;
      await ctx.dispatch(target.id, sessionEvent);
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
