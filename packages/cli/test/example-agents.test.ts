import { join } from "node:path";
import type { AgentLaunch } from "@ao/core";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { resolveSlot } from "../src/plugins/resolve.js";

const example = (name: string) =>
  join(import.meta.dirname, "..", "..", "..", "examples", name, "ao.config.ts");

const PROMPT_FILE = "/w/app-1/.ao/prompt.md";
/** The prompt as the last argument (Claude Code, Codex). */
const promptLast = (launch: AgentLaunch) => expect(launch.command.at(-1)).toBe("Fix issue 1");
/** The prompt file after the CLI's flag for it (aider, Goose). */
const promptFile = (flag: string) => (launch: AgentLaunch) =>
  expect(launch.command[launch.command.indexOf(flag) + 1]).toBe(PROMPT_FILE);

describe.each([
  [
    "claude-code",
    "@ao/agent-claude-code",
    ["--permission-mode", "auto", "--model", "sonnet"],
    {},
    promptLast,
  ],
  [
    "codex",
    "@ao/agent-codex",
    ["--ask-for-approval", "never", "--sandbox", "workspace-write", "--model", "gpt-5-codex"],
    {},
    promptLast,
  ],
  ["aider", "@ao/agent-aider", ["--yes-always", "--no-gitignore"], {}, promptFile("--message-file")],
  [
    "goose",
    "@ao/agent-goose",
    ["goose", "run", "--name", "ao-app-1"],
    { GOOSE_MODE: "auto", GOOSE_PROVIDER: "anthropic", GOOSE_MODEL: "claude-sonnet-4-5" },
    promptFile("--instructions"),
  ],
  [
    "opencode",
    "@ao/agent-opencode",
    ["opencode", "--model", "anthropic/claude-sonnet-4-5"],
    {
      OPENCODE_CONFIG_CONTENT: expect.stringContaining('"bash":"allow"'),
    },
    (launch: AgentLaunch) => expect(launch.command.slice(-2)).toEqual(["--prompt", "Fix issue 1"]),
  ],
  [
    "cursor",
    "@ao/agent-cursor",
    ["cursor-agent", "--model", "sonnet-4.5", "--force"],
    {},
    (launch: AgentLaunch) => expect(launch.command.slice(-2)).toEqual(["--", "Fix issue 1"]),
  ],
] as const)("examples/%s/ao.config.ts", (name, plugin, flags, env, prompt) => {
  it("loads, validates, resolves its bundled agent plugin, and launches with the example's settings", async () => {
    const config = await loadConfig({ command: "doctor", explicit: example(name), env: {} });
    const [project] = config.projects;
    expect(project?.agentPermissions).toBe("auto");
    const { value, key } = project!.slots.agent;
    const agent = await resolveSlot("agent", value, key, { configDir: config.dir });
    expect(agent.name).toBe(plugin);
    const launch = await agent.plugin.launch({
      sessionId: "app-1",
      cwd: "/w/app-1",
      prompt: "Fix issue 1",
      promptFile: PROMPT_FILE,
      issue: null,
      permissions: project!.agentPermissions ?? "auto",
      home: "/home/u",
      ...(project?.agentRules ? { rules: project.agentRules } : {}),
    });
    const argv = launch.command.join(" ");
    expect(argv).toContain(flags.join(" "));
    expect(launch.env).toEqual(env);
    prompt(launch);
    if (project?.agentRules) expect(argv).toContain(project.agentRules);
    else expect(project?.agentRulesFile).toBe("CONTRIBUTING.md");
  });
});
