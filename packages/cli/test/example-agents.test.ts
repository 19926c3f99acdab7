import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { resolveSlot } from "../src/plugins/resolve.js";

const example = (name: string) =>
  join(import.meta.dirname, "..", "..", "..", "examples", name, "ao.config.ts");

describe.each([
  ["claude-code", "@ao/agent-claude-code", ["--permission-mode", "auto", "--model", "sonnet"]],
  [
    "codex",
    "@ao/agent-codex",
    ["--ask-for-approval", "never", "--sandbox", "workspace-write", "--model", "gpt-5-codex"],
  ],
])("examples/%s/ao.config.ts", (name, plugin, flags) => {
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
      promptFile: "/w/app-1/.ao/prompt.md",
      issue: null,
      permissions: project!.agentPermissions ?? "auto",
      home: "/home/u",
      ...(project?.agentRules ? { rules: project.agentRules } : {}),
    });
    const argv = launch.command.join(" ");
    expect(argv).toContain(flags.join(" "));
    expect(launch.command.at(-1)).toBe("Fix issue 1");
    if (project?.agentRules) expect(argv).toContain(project.agentRules);
    else expect(project?.agentRulesFile).toBe("CONTRIBUTING.md");
  });
});
