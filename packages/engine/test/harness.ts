import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Issue, ReactionRule, ReactionRules } from "@ao/core";
import {
  type FakeAgentOptions,
  fakeAgent,
  fakeLifecycle,
  fakeNotifier,
  fakeRuntime,
  type FakeRuntimeOptions,
  type FakeScmOptions,
  type FakeTrackerOptions,
  fakeScm,
  fakeTracker,
  fakeWorkspace,
  type ManualClock,
  manualClock,
  testProject,
} from "@ao/testkit";
import type { EngineApi, EngineOptions, EngineProject } from "../src/api.js";
import { createEngine } from "../src/engine.js";

export interface HarnessOptions {
  issues?: Issue[];
  rules?: Partial<Record<keyof ReactionRules, Partial<ReactionRule>>>;
  routeUntrustedComments?: boolean;
  /** Keep fake worlds in files under this dir (crash tests). */
  stateDir?: string;
  home?: string;
  intake?: EngineProject["intake"];
  env?: Record<string, string>;
  agentEnv?: Record<string, string>;
  /** More engine options (role, acceptJournalLoss, …). */
  engine?: Partial<EngineOptions>;
  secretEnvNames?: string[];
  sessionEnv?: EngineOptions["sessionEnv"];
  /** The project's granted variable names (config `agentEnv`). */
  grant?: string[];
  /** What the fake agent declares it needs (`passEnv`). */
  passEnv?: string[];
  /** More options of the fake tracker (a webhook `secret`, `filters`). */
  tracker?: Omit<FakeTrackerOptions, "issues" | "stateFile">;
  /** More options of the fake SCM (a webhook `secret`). */
  scm?: Omit<FakeScmOptions, "workspace" | "stateFile">;
  /** More fake-agent options (launch files, trust). */
  agent?: FakeAgentOptions;
  /** More fake-runtime options (workspace access, a per-session agent home). */
  runtime?: Omit<FakeRuntimeOptions, "stateFile">;
  /** More project settings (agentPermissions, agentRules, budget). */
  project?: Partial<EngineProject>;
}

export const issue = (id: string, title = `Issue ${id}`, labels = ["agent"]): Issue => ({
  id,
  title,
  body: `Body of ${id}`,
  labels,
  state: "open",
  url: `https://tracker.invalid/${id}`,
});

/** An engine over the testkit fakes, with a manual clock; `dispose()` stops it and removes its dirs. */
export function harness(options: HarnessOptions = {}) {
  const home = options.home ?? mkdtempSync(join(tmpdir(), "ao-engine-"));
  const state = (name: string) =>
    options.stateDir ? { stateFile: join(options.stateDir, `${name}.json`) } : {};
  const clock: ManualClock = manualClock();
  const runtime = fakeRuntime({ ...state("runtime"), ...options.runtime });
  const agent = fakeAgent({
    ...state("agent"),
    ...(options.passEnv ? { passEnv: options.passEnv } : {}),
    ...options.agent,
  });
  const workspace = fakeWorkspace({ ...state("workspace"), root: join(home, "ws") });
  const tracker = fakeTracker({
    issues: options.issues ?? [issue("1"), issue("2"), issue("3")],
    ...state("tracker"),
    ...options.tracker,
  });
  const scm = fakeScm({ workspace, ...state("scm"), ...options.scm });
  const notifier = fakeNotifier(state("notifier"));
  const second = fakeNotifier(state("notifier2"));
  const lifecycle = fakeLifecycle({
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.routeUntrustedComments ? { routeUntrustedComments: true } : {}),
  });
  const ref = testProject({ id: "app", path: join(home, "repo"), dataDir: join(home, "data") });
  const project: EngineProject = {
    ref,
    plugins: { runtime, agent, workspace, tracker, scm, notifiers: [notifier, second], lifecycle },
    intake: options.intake ?? { auto: false, labels: ["agent"], maxConcurrent: 5 },
    ...(options.grant ? { agentEnv: options.grant } : {}),
    ...options.project,
  };
  const warnings: string[] = [];
  const log = {
    debug() {},
    info() {},
    error: (m: string) => void warnings.push(m),
    warn: (m: string, d?: Record<string, unknown>) =>
      void warnings.push(`${m} ${d ? JSON.stringify(d) : ""}`),
  };
  const make = (): EngineApi =>
    createEngine({
      home,
      projects: [project],
      clock,
      log,
      pollIntervalMs: 100,
      callTimeoutMs: 500,
      env: options.env ?? {},
      ...(options.agentEnv ? { agentEnv: options.agentEnv } : {}),
      ...options.engine,
      ...(options.secretEnvNames ? { secretEnvNames: options.secretEnvNames } : {}),
      ...(options.sessionEnv ? { sessionEnv: options.sessionEnv } : {}),
    });
  const engine = make();
  return {
    home,
    clock,
    engine,
    make,
    project,
    ref,
    warnings,
    runtime,
    agent,
    workspace,
    tracker,
    scm,
    notifier,
    second,
    lifecycle,
    /** The workspace path of a session. */
    ws: (id: string) => engine.session(id)?.resources.workspace?.path as string,
    async dispose() {
      await engine.stop();
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}
