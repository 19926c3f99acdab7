import type { Activity, AgentPermissions, AgentResume, AgentSessionInfo } from "@ao/core";
import { defineFake } from "./define-fake.js";
import { fakeState } from "./state-file.js";

export interface FakeAgentOptions {
  stateFile?: string;
  /** argv returned by `launch` (default `["fake-agent"]`). */
  command?: string[];
  /** Activity reported while the process is alive and no test has set one (default "active"). */
  defaultActivity?: Activity;
  /** Variable names the agent declares it needs (the slot's `passEnv`). */
  passEnv?: string[];
  /**
   * Workspace files `launch` declares: a string is written as is; `merge`
   * appends its line to what is there (the function form of the slot).
   */
  files?: Array<{ path: string; content: string; merge?: boolean }>;
  /** Implement `trust`/`untrust` (recorded, see `control.trusted()`). */
  trust?: boolean;
}

interface ActivitySetting {
  state: Activity;
  resetsAt?: number;
  evidence?: string;
  at?: number;
  agentSessionId?: string;
}

interface Launch {
  sessionId: string;
  cwd: string;
  prompt: string;
  /** Kept as a boolean for older tests: true when the launch resumes. */
  resume: boolean;
  resumeWith: AgentResume | null;
  permissions: AgentPermissions;
  rules: string | null;
  home: string;
}

export interface FakeAgentControl {
  /** Set the activity reported for a session (by session id or by workspace path). */
  setActivity(
    sessionOrCwd: string,
    state: Activity,
    resetsAt?: number,
    more?: Pick<ActivitySetting, "evidence" | "at" | "agentSessionId">,
  ): void;
  /** Set what `sessionInfo` returns for a session (by session id or workspace path). */
  setInfo(sessionOrCwd: string, info: AgentSessionInfo | null): void;
  /** Every `launch` call, in order. */
  launches(): Launch[];
  /** The cursor each `sessionInfo` call received, in order (the fake's cursor counts calls). */
  infoCursors(): unknown[];
  /** Workspaces currently trusted (trust adds, untrust removes). */
  trusted(): string[];
}

/** An agent whose activity and session info are whatever the test says. */
export const fakeAgent = defineFake<"agent", FakeAgentOptions, FakeAgentControl>(
  "agent",
  "@ao/testkit/fake-agent",
  (options) => {
    const command = options.command ?? ["fake-agent"];
    const state = fakeState(options.stateFile, () => ({
      launches: [] as Launch[],
      activity: {} as Record<string, ActivitySetting>,
      info: {} as Record<string, AgentSessionInfo | null>,
      cursors: [] as unknown[],
      trusted: [] as string[],
    }));
    // A cwd is looked up directly, then through the session launched in it.
    const lookup = <T>(table: Record<string, T>, cwd: string): T | undefined => {
      if (cwd in table) return table[cwd];
      const launch = state
        .read()
        .launches.filter((l) => l.cwd === cwd)
        .at(-1);
      return launch && launch.sessionId in table ? table[launch.sessionId] : undefined;
    };
    const files = options.files?.map((f) => ({
      path: f.path,
      content: f.merge
        ? (existing: string | null) =>
            `${existing ?? ""}${existing && !existing.endsWith("\n") ? "\n" : ""}${f.content}`
        : f.content,
    }));
    return {
      ...(options.passEnv ? { passEnv: [...options.passEnv] } : {}),
      async launch(context) {
        state.update((s) =>
          s.launches.push({
            sessionId: context.sessionId,
            cwd: context.cwd,
            prompt: context.prompt,
            resume: context.resume !== undefined,
            resumeWith: context.resume ?? null,
            permissions: context.permissions,
            rules: context.rules ?? null,
            home: context.home,
          }),
        );
        return {
          command: [...command],
          env: { AO_FAKE_AGENT: context.sessionId },
          ...(files ? { files } : {}),
        };
      },
      ...(options.trust
        ? {
            async trust(context: { cwd: string }) {
              state.update((s) => {
                if (!s.trusted.includes(context.cwd)) s.trusted.push(context.cwd);
              });
            },
            async untrust(context: { cwd: string }) {
              state.update((s) => {
                s.trusted = s.trusted.filter((c) => c !== context.cwd);
              });
            },
          }
        : {}),
      async detectActivity(input) {
        if (!input.alive) return { state: "exited", source: "process" };
        const set = lookup(state.read().activity, input.cwd);
        if (!set) return { state: options.defaultActivity ?? "active", source: "fake" };
        return { source: "fake", ...set };
      },
      async sessionInfo(input) {
        state.update((s) => s.cursors.push(input.cursor));
        const info = lookup(state.read().info, input.cwd);
        if (!info) return null;
        const calls = typeof input.cursor === "number" ? input.cursor : 0;
        return { info, cursor: calls + 1 };
      },
      control: {
        setActivity: (key, activity, resetsAt, more) =>
          state.update((s) => {
            s.activity[key] = {
              state: activity,
              ...(resetsAt !== undefined ? { resetsAt } : {}),
              ...more,
            };
          }),
        setInfo: (key, info) =>
          state.update((s) => {
            s.info[key] = info;
          }),
        launches: () => [...state.read().launches],
        infoCursors: () => [...state.read().cursors],
        trusted: () => [...state.read().trusted],
      },
    };
  },
);
