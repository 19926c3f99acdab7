import type { Activity, AgentSessionInfo } from "@ao/core";
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
}

interface ActivitySetting {
  state: Activity;
  resetsAt?: number;
}

interface Launch {
  sessionId: string;
  cwd: string;
  prompt: string;
  resume: boolean;
}

export interface FakeAgentControl {
  /** Set the activity reported for a session (by session id or by workspace path). */
  setActivity(sessionOrCwd: string, state: Activity, resetsAt?: number): void;
  /** Set what `sessionInfo` returns for a session (by session id or workspace path). */
  setInfo(sessionOrCwd: string, info: AgentSessionInfo | null): void;
  /** Every `launch` call, in order. */
  launches(): Launch[];
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
    return {
      ...(options.passEnv ? { passEnv: [...options.passEnv] } : {}),
      async launch(context) {
        state.update((s) =>
          s.launches.push({
            sessionId: context.sessionId,
            cwd: context.cwd,
            prompt: context.prompt,
            resume: context.resume ?? false,
          }),
        );
        return { command: [...command], env: { AO_FAKE_AGENT: context.sessionId } };
      },
      async detectActivity(input) {
        if (!input.alive) return { state: "exited", source: "process" };
        const set = lookup(state.read().activity, input.cwd);
        if (!set) return { state: options.defaultActivity ?? "active", source: "fake" };
        return {
          state: set.state,
          source: "fake",
          ...(set.resetsAt !== undefined ? { resetsAt: set.resetsAt } : {}),
        };
      },
      async sessionInfo(cwd) {
        return lookup(state.read().info, cwd) ?? null;
      },
      control: {
        setActivity: (key, activity, resetsAt) =>
          state.update((s) => {
            s.activity[key] = { state: activity, ...(resetsAt !== undefined ? { resetsAt } : {}) };
          }),
        setInfo: (key, info) =>
          state.update((s) => {
            s.info[key] = info;
          }),
        launches: () => [...state.read().launches],
      },
    };
  },
);
