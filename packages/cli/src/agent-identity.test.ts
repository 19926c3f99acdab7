import { describe, expect, it } from "vitest";
import { guardAgentCommand } from "./agent-identity.js";
import { delegatedDaemon } from "./context.js";

const orchestrator = { AO_TOKEN: `ao_orchestrator_${"a".repeat(64)}` };

describe("a delegated AO_TOKEN", () => {
  it.each([
    "start",
    "stop",
    "cleanup",
    "login-url",
    "service",
    "init",
  ])("may not run `ao %s`, which acts without the daemon", (command) => {
    expect(() => guardAgentCommand(command, orchestrator)).toThrow(/"orchestrator" scope may not run/);
  });

  it.each([
    "status",
    "spawn",
    "send",
    "events",
    "merge",
  ])("runs `ao %s` (the daemon judges it)", (command) => {
    expect(() => guardAgentCommand(command, orchestrator)).not.toThrow();
  });

  it("leaves a plain user alone", () => {
    expect(() => guardAgentCommand("stop", {})).not.toThrow();
  });
});

describe("AO_URL", () => {
  it("names the daemon to call", () => {
    expect(delegatedDaemon({ AO_URL: "http://127.0.0.1:4310" })).toEqual({
      pid: 0,
      host: "127.0.0.1",
      port: 4310,
    });
    expect(delegatedDaemon({ AO_URL: "http://[::1]:4310/" })?.host).toBe("::1");
    expect(delegatedDaemon({})).toBeUndefined();
  });

  it("refuses what is not an http URL, saying what to write", () => {
    expect(() => delegatedDaemon({ AO_URL: "nope" })).toThrow(/is not a URL/);
    expect(() => delegatedDaemon({ AO_URL: "https://x:1" })).toThrow(/not an http URL/);
  });
});
