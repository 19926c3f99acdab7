import { describe, expect, it } from "vitest";
import { agentKeyCheck } from "./doctor-agent-keys.js";

describe("agentKeyCheck", () => {
  it("names the keys that are set, never their values", () => {
    const check = agentKeyCheck("@ao/agent-aider", { OPENAI_API_KEY: "sk-secret-value", GEMINI_API_KEY: "" });
    expect(check).toEqual({
      name: "agent keys @ao/agent-aider",
      status: "ok",
      detail: "OPENAI_API_KEY set in ao's environment",
    });
    expect(JSON.stringify(check)).not.toContain("sk-secret-value");
  });

  it("warns for aider without any key (it has no login), and only notes it for Goose", () => {
    expect(agentKeyCheck("@ao/agent-aider", {})).toMatchObject({
      status: "warn",
      fix: expect.stringContaining(".aider.conf.yml"),
    });
    expect(agentKeyCheck("@ao/agent-goose", {})).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("goose configure"),
    });
  });

  it("says nothing for agents that log in (Claude Code, Codex) or that ao does not know", () => {
    expect(agentKeyCheck("@ao/agent-claude-code", {})).toBeNull();
    expect(agentKeyCheck("@ao/agent-codex", {})).toBeNull();
    expect(agentKeyCheck("my-agent", {})).toBeNull();
  });
});
