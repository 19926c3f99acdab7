import type { ActivityInput } from "@ao/core";
import { hostAgentFiles } from "@ao/plugin-kit";
import { describe, expect, it } from "vitest";
import commandAgent, { jsonlMessage } from "./index.js";

const context = {
  sessionId: "app-1",
  cwd: "/w",
  prompt: "do it",
  promptFile: "/w/.ao/prompt.md",
  issue: null,
  permissions: "auto" as const,
  home: "/home/u",
};

describe("options", () => {
  it.each([
    [{}, "run"],
    [{ run: "" }, "run"],
    [{ run: [] }, "run"],
    [{ run: ["a", 1] }, "run"],
    [{ run: "x", idleAfter: "soon" }, "idleAfter"],
    [{ run: "x", messageFormat: "xml" }, "messageFormat"],
    [{ run: "x", env: { A: 1 } }, "env"],
    [{ run: "x", waitingPattern: "(" }, "waitingPattern"],
    [{ run: "x", passEnv: "KEY" }, "passEnv"],
    [{ run: "x", passEnv: ["OK", "BAD-NAME"] }, "passEnv"],
    [{ run: "x", command: "y" }, "command"],
    [{ run: "x", install: 3 }, "install"],
  ])("%j names the option", (options, name) => {
    expect(() => commandAgent(options as never)).toThrow(`option "${name}"`);
  });
});

describe("passEnv", () => {
  it("declares the variables the agent needs, and nothing when none are configured", () => {
    expect(commandAgent({ run: "x", passEnv: ["MY_AGENT_KEY"] }).passEnv).toEqual(["MY_AGENT_KEY"]);
    expect(commandAgent({ run: "x" }).passEnv).toBeUndefined();
  });
});

describe("binary", () => {
  it.each([
    ['claude "$(cat "$AO_PROMPT_FILE")"', "claude"],
    ["  exec env FOO=1 BAR=2 ./bin/agent --fast", "./bin/agent"],
    ["cursor-agent --print", "cursor-agent"],
    ['"$AGENT" run', null],
    ["$(which agent)", null],
    ["FOO=1", null],
  ])("tells the executable of %j", (run, binary) => {
    expect(commandAgent({ run }).binary?.()).toEqual(binary === null ? null : { command: binary });
  });

  it("is argv[0] for an argv agent, with the install hint when given", () => {
    const agent = commandAgent({ run: ["/opt/agent", "--x"], install: "brew install agent" });
    expect(agent.binary?.()).toEqual({ command: "/opt/agent", install: "brew install agent" });
  });
});

describe("launch", () => {
  it("runs a string through sh -c with the prompt file in the environment", async () => {
    const agent = commandAgent({ run: "./agent.sh --fast", env: { MODE: "demo" } });
    expect(await agent.launch(context)).toEqual({
      command: ["sh", "-c", "./agent.sh --fast"],
      env: { MODE: "demo", AO_PROMPT_FILE: "/w/.ao/prompt.md", AO_AGENT_PERMISSIONS: "auto" },
    });
  });

  it("runs an argv array as is, and says when it resumes", async () => {
    const agent = commandAgent({ run: ["my-agent", "--x", "$(not expanded)"] });
    const launch = await agent.launch({ ...context, resume: { agentSessionId: "s-9", handoff: "h" } });
    expect(launch.command).toEqual(["my-agent", "--x", "$(not expanded)"]);
    expect(launch.env.AO_RESUME).toBe("1");
    expect(launch.env.AO_RESUME_SESSION_ID).toBe("s-9");
    const fresh = await agent.launch({ ...context, permissions: "full" });
    expect(fresh.env.AO_AGENT_PERMISSIONS).toBe("full");
    expect(fresh.env.AO_RESUME).toBeUndefined();
  });
});

describe("formatMessage", () => {
  const hostile = 'line 1\nline 2\r\n"quoted" `tick` $(x) \u2028 \u2029 \u202E \t end';

  it("passes text through as is", () => {
    expect(commandAgent({ run: "x" }).formatMessage?.(hostile)).toBe(hostile);
  });

  it("encodes jsonl as one line that decodes to the exact text", () => {
    const line = commandAgent({ run: "x", messageFormat: "jsonl" }).formatMessage?.(hostile) as string;
    expect(line).toBe(jsonlMessage(hostile));
    expect(line.split(/\r\n|\r|\n|\u2028|\u2029/)).toHaveLength(1);
    expect(JSON.parse(line)).toEqual({ type: "message", text: hostile });
  });
});

describe("detectActivity", () => {
  const input = (over: Partial<ActivityInput>): ActivityInput => ({
    cwd: "/w",
    files: hostAgentFiles("/w", "/home/u"),
    agentSessionId: null,
    output: "",
    lastOutputAt: null,
    alive: true,
    now: 0,
    ...over,
  });

  it("uses lastOutputAt when the runtime knows it", async () => {
    const agent = commandAgent({ run: "x", idleAfter: "5s" });
    expect((await agent.detectActivity(input({ lastOutputAt: 1000, now: 5999 }))).state).toBe("active");
    expect((await agent.detectActivity(input({ lastOutputAt: 1000, now: 6000 }))).state).toBe("idle");
    expect(await agent.detectActivity(input({ alive: false, now: 7000 }))).toEqual({
      state: "exited",
      source: "process",
    });
  });

  it("compares output across calls, per workspace, when it does not", async () => {
    const agent = commandAgent({ run: "x", idleAfter: "100ms" });
    const state = async (cwd: string, output: string, now: number) =>
      (await agent.detectActivity(input({ cwd, output, now }))).state;
    expect(await state("/a", "hello", 0)).toBe("active");
    expect(await state("/a", "hello", 50)).toBe("active");
    expect(await state("/a", "hello", 100)).toBe("idle");
    expect(await state("/b", "hello", 100)).toBe("active");
    expect(await state("/a", "hello\nmore", 150)).toBe("active");
    expect(await state("/a", "hello\nmore", 260)).toBe("idle");
  });

  it("reports waiting_input when the last line matches waitingPattern", async () => {
    const agent = commandAgent({ run: "x", waitingPattern: "\\[y/n\\]\\s*$" });
    expect(
      (await agent.detectActivity(input({ output: "working\nProceed? [y/n] \n\n", now: 0 }))).state,
    ).toBe("waiting_input");
    expect((await agent.detectActivity(input({ output: "Proceed? [y/n]\nyes", now: 0 }))).state).toBe(
      "active",
    );
  });
});
