import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type AgentResume,
  BASE_AGENT_ENV,
  branchNameFor,
  createSession,
  errors,
  fenceData,
  inertText,
  type Issue,
  isTerminal,
  pickEnv,
  type RuntimeHandle,
  type SessionSnapshot,
  sameOwner,
  slugify,
  type WorkspaceInfo,
} from "@ao/core";
import { assertAgentInstalled } from "./agent-binary.js";
import {
  agentFilesOf,
  ownerOf,
  DEFAULT_PERMISSIONS,
  handoffFor,
  projectRules,
  trustWorkspace,
  writtenFilesOf,
} from "./agent-launch.js";
import type { SpawnRequest } from "./api.js";
import { describeError } from "./calls.js";
import { attachClaimedPr } from "./claim-pr.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import type { RecordInput } from "./fold.js";
import { assertIdFree, nextSessionId } from "./session-ids.js";
import { writeWorkspaceFiles } from "./workspace-files.js";

/** What is journaled about the issue at spawn (enough to title a PR without another tracker call). */
export interface IssueStep {
  id: string | null;
  title: string;
  url?: string;
}

function liveSessionFor(ps: ProjectState, issue: string): SessionSnapshot | undefined {
  for (const s of ps.journal.fold.sessions.values()) {
    if (s.issue === issue && !isTerminal(s.state) && s.facts.phase !== "spawn_failed") return s;
  }
  return undefined;
}

function defaultPrompt(issue: Issue): string {
  return [
    `Resolve issue ${issue.id}: ${issue.title}`,
    fenceData("Issue description", issue.body),
    "Work on the current branch and commit as you go; ao pushes your commits and opens the pull request.",
  ].join("\n\n");
}

/**
 * Spawn a session: journal it, then run its steps (workspace, prompt file,
 * runtime) through {@link continueSpawn}, which recovery re-enters after a crash.
 */
export async function spawnSession(
  ctx: EngineContext,
  request: SpawnRequest,
  action?: (sessionId: string) => RecordInput,
): Promise<SessionSnapshot> {
  const ps = ctx.projects.get(request.project);
  if (!ps) throw errors.projectNotFound(request.project, [...ctx.projects.keys()]);
  if (!request.issue && !request.prompt)
    throw errors.usage(
      "spawn needs an issue id or a prompt.",
      'ao spawn 42  |  ao spawn --prompt "fix the flaky test"',
    );
  // An unknown agent name fails here, before anything is journaled: no session is left behind.
  const agent = await ctx.agentNamed(ps, request.agent);
  assertAgentInstalled(agent, agentPath(ctx), ps.ref.path);
  const key = `${request.project}#${request.issue ?? ""}`;
  if (request.issue) {
    const live = liveSessionFor(ps, request.issue);
    if (live) throw errors.duplicateSession(request.issue, live.id);
    if (ctx.reserved.has(key)) throw errors.duplicateSession(request.issue, "being spawned");
    ctx.reserved.add(key);
  }
  let reservedId: string | null = null;
  try {
    const { tracker, lifecycle } = ps.project.plugins;
    let issue: Issue | null = null;
    if (request.issue) {
      const id = request.issue;
      issue = await ctx.call(tracker, "getIssue", () => tracker.getIssue(ps.ref, id));
    }
    // One allocation at a time (ids are numbered across projects): each sees the ids reserved before it.
    const id = await ctx.serial("session-id", () => nextSessionId(ctx, ps));
    reservedId = id;
    const title = issue?.title ?? (request.prompt ?? "").split("\n")[0]?.slice(0, 80) ?? "task";
    const branch = issue
      ? (tracker.branchName?.(issue) ?? branchNameFor(issue.id, issue.title))
      : `ao/${id}-${slugify(title)}`;
    const rules = await ctx.call(lifecycle, "rules", () => lifecycle.rules());
    const session = createSession({
      id,
      project: ps.ref.id,
      issue: issue?.id ?? null,
      branch,
      rules,
      at: ctx.clock.now(),
    });
    const issueStep: IssueStep = { id: issue?.id ?? null, title, ...(issue?.url ? { url: issue.url } : {}) };
    // The last word before the record: a session line never replaces another session.
    assertIdFree(ctx, id, true);
    const at = ctx.clock.now();
    // One batch: the session, who asked for it and its first step reach the disk together or not at all.
    await Promise.all([
      ctx.record(ps.ref.id, { at, kind: "session", session }),
      action ? ctx.record(ps.ref.id, action(id)) : undefined,
      ctx.record(ps.ref.id, { at, kind: "step", session: id, step: "issue", data: { ...issueStep } }),
      request.agent
        ? ctx.record(ps.ref.id, {
            at,
            kind: "step",
            session: id,
            step: "agent",
            data: { name: request.agent },
          })
        : undefined,
    ]);
    const prompt = issue
      ? (tracker.prompt?.(issue, ps.ref) ?? defaultPrompt(issue))
      : (request.prompt as string);
    return await continueSpawn(ctx, id, { issue, prompt });
  } finally {
    ctx.reserved.delete(key);
    if (reservedId) ctx.reserved.delete(reservedId);
  }
}

/** The PATH the agent will get: the one ao hands agents, else ao's own (PATH is on the allow-list). */
export const agentPath = (ctx: EngineContext): string => ctx.agentEnv.PATH ?? ctx.env.PATH ?? "";

/** Where a session keeps its private files (the prompt). */
export const sessionDir = (ps: ProjectState, sessionId: string) => join(ps.dir, "sessions", sessionId);

export { ownerOf } from "./agent-launch.js";

/**
 * Run the spawn steps that have not happened yet, journaling each before the
 * next side effect. A step already journaled is not repeated; a step that may
 * have half-happened (`runtime_creating` with no `runtime`) is reconciled with
 * the runtime's own list, so nothing is orphaned. On failure everything made
 * so far is rolled back and the session ends `errored`.
 */
export async function continueSpawn(
  ctx: EngineContext,
  sessionId: string,
  known: { issue?: Issue | null; prompt?: string } = {},
): Promise<SessionSnapshot> {
  const { ps, session } = ctx.owner(sessionId);
  const { tracker, workspace, runtime } = ps.project.plugins;
  const step = (name: string, data?: Record<string, unknown>) =>
    ctx.record(ps.ref.id, {
      at: ctx.clock.now(),
      kind: "step",
      session: sessionId,
      step: name,
      ...(data ? { data } : {}),
    });
  let ws: WorkspaceInfo | null = null;
  let handle: RuntimeHandle | null = null;
  try {
    const steps = stepsOf(ps, sessionId);
    const issueStep = steps.issue as IssueStep | undefined;
    let issue = known.issue ?? null;
    if (!issue && session.issue) {
      const id = session.issue;
      issue = await ctx.call(tracker, "getIssue", () => tracker.getIssue(ps.ref, id));
    }

    // A session started for a claimed PR checks out the PR's branch, with the PR attached first.
    const existingBranch = await attachClaimedPr(ctx, ps, sessionId);
    ws = (steps.workspace as WorkspaceInfo | undefined) ?? null;
    if (!ws) {
      await step("workspace_creating");
      const created = await ctx.call(workspace, "create", () =>
        workspace.create(ps.ref, {
          sessionId,
          branch: session.branch,
          ...(existingBranch ? { existingBranch } : {}),
        }),
      );
      ws = created;
      const status = await ctx.call(workspace, "status", () => workspace.status(ps.ref, created));
      await step("workspace", { ...created, baseHead: status.head });
    }

    const dir = sessionDir(ps, sessionId);
    const promptFile = join(dir, "prompt.md");
    let prompt = known.prompt;
    if (prompt === undefined && steps.prompt)
      prompt = await readFile(promptFile, "utf8").catch(() => undefined);
    if (prompt === undefined) {
      prompt = issue ? (tracker.prompt?.(issue, ps.ref) ?? defaultPrompt(issue)) : (issueStep?.title ?? "");
    }
    prompt = inertText(prompt); // issue text reaches the agent's terminal and argv
    if (!steps.prompt || known.prompt !== undefined) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(promptFile, prompt, { mode: 0o600 });
      await chmod(promptFile, 0o600);
      await step("prompt", { file: promptFile });
    }

    handle = (steps.runtime as RuntimeHandle | undefined) ?? null;
    if (handle) {
      const h = handle;
      if (!(await ctx.call(runtime, "isAlive", () => runtime.isAlive(h)))) handle = null;
    } else if (steps.runtime_creating && runtime.list) {
      // The crash fell between runtime.create and journaling its handle: adopt or remove what it made.
      const list = runtime.list.bind(runtime);
      const owner = ownerOf(ctx, ps, sessionId);
      for (const h of (await ctx.call(runtime, "list", () => list())).filter((x) =>
        sameOwner(x.owner, owner),
      )) {
        if (!handle && (await ctx.call(runtime, "isAlive", () => runtime.isAlive(h)))) {
          handle = h;
          await step("runtime", { ...h });
        } else {
          await ctx.call(runtime, "destroy", () => runtime.destroy(h));
        }
      }
    }
    if (!handle) handle = await launch(ctx, ps, session, ws, prompt, promptFile, issue, undefined);

    const after = await ctx.dispatch(sessionId, {
      type: "spawned",
      at: ctx.clock.now(),
      resources: {
        workspace: { path: ws.path, branch: ws.branch, ...(ws.data ? { data: ws.data } : {}) },
        runtime: handle,
      },
    });
    if (issue) await markInProgress(ctx, sessionId, issue);
    return after;
  } catch (error) {
    await rollback(ctx, ps, sessionId, ws, handle, error);
    throw error;
  }
}

/**
 * Tell the tracker the issue is taken (the last spawn step; recovery re-runs
 * it when a crash came between `spawned` and here). A failure only warns.
 */
export async function markInProgress(ctx: EngineContext, sessionId: string, known?: Issue): Promise<boolean> {
  const { ps, session } = ctx.owner(sessionId);
  const { tracker } = ps.project.plugins;
  const id = session.issue;
  if (!id || stepsOf(ps, sessionId).in_progress) return false;
  try {
    const issue = known ?? (await ctx.call(tracker, "getIssue", () => tracker.getIssue(ps.ref, id)));
    await ctx.call(tracker, "markInProgress", () => tracker.markInProgress(ps.ref, issue, sessionId));
    await ctx.record(ps.ref.id, {
      at: ctx.clock.now(),
      kind: "step",
      session: sessionId,
      step: "in_progress",
    });
    return true;
  } catch (error) {
    ctx.log.warn(`Could not mark issue ${id} in progress: ${describeError(error)}`, { session: sessionId });
    return false;
  }
}

/**
 * Launch the agent in a workspace: agent.launch, its workspace files and
 * trust, then runtime.create with ao's env.
 */
export async function launch(
  ctx: EngineContext,
  ps: ProjectState,
  session: SessionSnapshot,
  ws: WorkspaceInfo,
  prompt: string,
  promptFile: string,
  issue: Issue | null,
  resume: AgentResume | undefined,
): Promise<RuntimeHandle> {
  const { runtime } = ps.project.plugins;
  const agent = await ctx.agentOf(ps, session.id);
  const rules = await projectRules(ctx, ps, ws.path, session.id);
  const spec = await ctx.call(agent, "launch", () =>
    agent.launch({
      sessionId: session.id,
      cwd: ws.path,
      prompt,
      promptFile,
      issue,
      permissions: ps.project.agentPermissions ?? DEFAULT_PERMISSIONS,
      home: agentFilesOf(ctx, ps, session.id, ws.path).home,
      ...(rules ? { rules } : {}),
      ...(resume ? { resume } : {}),
    }),
  );
  if (spec.files?.length) {
    const backups = join(sessionDir(ps, session.id), "agent-files");
    const known = writtenFilesOf(ps, session.id);
    await writeWorkspaceFiles(ws.path, spec.files, backups, known, agent.name, (files) =>
      ctx.record(ps.ref.id, {
        at: ctx.clock.now(),
        kind: "step",
        session: session.id,
        step: "agent_files",
        data: { files: [...known.filter((k) => !files.some((f) => f.path === k.path)), ...files] },
      }),
    );
  }
  await trustWorkspace(ctx, ps, agent, session.id, ws.path, "trust");
  // An allow-list, never the daemon's whole environment: it holds tokens the agent was not granted.
  const env: Record<string, string> = {
    ...pickEnv(ctx.env, [...BASE_AGENT_ENV, ...(agent.passEnv ?? []), ...(ps.project.agentEnv ?? [])]),
    ...ctx.agentEnv,
    AO_SESSION_ID: session.id,
    AO_PROJECT: ps.ref.id,
    AO_HOME: ctx.home,
    AO_PROMPT_FILE: promptFile,
    ...(session.issue ? { AO_ISSUE: session.issue } : {}),
    ...spec.env,
    ...ctx.sessionEnv?.(session.id, ps.ref.id),
  };
  await ctx.record(ps.ref.id, {
    at: ctx.clock.now(),
    kind: "step",
    session: session.id,
    step: "runtime_creating",
  });
  const handle = await ctx.call(runtime, "create", () =>
    runtime.create({
      sessionId: session.id,
      owner: ownerOf(ctx, ps, session.id),
      cwd: ws.path,
      command: spec.command,
      env,
    }),
  );
  await ctx.record(ps.ref.id, {
    at: ctx.clock.now(),
    kind: "step",
    session: session.id,
    step: "runtime",
    data: { ...handle },
  });
  return handle;
}

async function rollback(
  ctx: EngineContext,
  ps: ProjectState,
  sessionId: string,
  ws: WorkspaceInfo | null,
  handle: RuntimeHandle | null,
  error: unknown,
): Promise<void> {
  const { runtime, workspace } = ps.project.plugins;
  const current = ps.journal.fold.sessions.get(sessionId);
  if (current?.facts.phase === "running") return; // spawned already: later failures are not spawn failures
  if (handle) {
    const h = handle;
    await ctx.call(runtime, "destroy", () => runtime.destroy(h)).catch(() => {});
  }
  if (ws) {
    const w = ws;
    await ctx
      .call(workspace, "destroy", () => workspace.destroy(ps.ref, w))
      .catch((e) => {
        ctx.log.warn(`Kept the workspace of ${sessionId}: ${describeError(e)}`);
      });
  }
  await ctx.record(ps.ref.id, { at: ctx.clock.now(), kind: "step", session: sessionId, step: "rolled_back" });
  await ctx.dispatch(sessionId, { type: "spawn_failed", at: ctx.clock.now(), error: describeError(error) });
}

/** Relaunch the agent in the session's existing workspace; a full spawn when the workspace is gone. */
export async function restoreSession(ctx: EngineContext, sessionId: string): Promise<void> {
  const { ps, session } = ctx.owner(sessionId);
  const { workspace, runtime } = ps.project.plugins;
  assertAgentInstalled(await ctx.agentOf(ps, sessionId), agentPath(ctx), ps.ref.path);
  const ws = session.resources.workspace;
  const exists = ws ? await ctx.call(workspace, "exists", () => workspace.exists(ps.ref, ws)) : false;
  if (!ws || !exists) {
    await ctx.record(ps.ref.id, { at: ctx.clock.now(), kind: "step", session: sessionId, step: "reset" });
    await continueSpawn(ctx, sessionId);
    return;
  }
  const old = session.resources.runtime;
  if (old) await ctx.call(runtime, "destroy", () => runtime.destroy(old));
  const promptFile = join(sessionDir(ps, sessionId), "prompt.md");
  const prompt = await readFile(promptFile, "utf8").catch(() => "");
  const info = ps.journal.fold.agentInfo.get(sessionId);
  const resume: AgentResume = {
    agentSessionId: info?.agentSessionId ?? null,
    handoff: handoffFor(ps, session, info?.summary),
  };
  const handle = await launch(ctx, ps, session, ws, prompt, promptFile, null, resume);
  await ctx.dispatch(sessionId, {
    type: "spawned",
    at: ctx.clock.now(),
    resources: { workspace: ws, runtime: handle },
  });
}
