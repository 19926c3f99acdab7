import { describe, expect, it } from "vitest";
import { actorOf } from "./principal.js";
import { authorize } from "./scopes.js";

describe("scopes and actors", () => {
  const agent = { scope: "agent", session: "app-1", via: "bearer" } as const;
  const orchestrator = { scope: "orchestrator", via: "bearer" } as const;

  it("an orchestrator spawns and sends but never reviews, merges or kills", () => {
    for (const ok of ["read", "spawn", "send", "report", "refresh"] as const) {
      expect(() => authorize(orchestrator, ok, "app-1"), ok).not.toThrow();
    }
    for (const no of ["review", "merge", "kill", "restore", "claim-pr", "login-url"] as const) {
      expect(() => authorize(orchestrator, no, "app-1"), no).toThrow(
        expect.objectContaining({ code: "FORBIDDEN" }),
      );
    }
  });

  it("an agent reads and reports on its own session only", () => {
    expect(() => authorize(agent, "report", "app-1")).not.toThrow();
    expect(() => authorize(agent, "report", "app-2")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => authorize(agent, "read", undefined)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => authorize(agent, "merge", "app-1")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const sessionless = { scope: "agent", via: "bearer" } as const;
    expect(() => authorize(sessionless, "read", undefined)).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });

  it("turns each credential into one actor", () => {
    expect(actorOf({ principal: agent })).toEqual({ kind: "api", scope: "agent", session: "app-1" });
    expect(actorOf({ principal: { scope: "admin", via: "cookie" } })).toEqual({
      kind: "api",
      scope: "admin",
      via: "dashboard",
    });
    expect(actorOf({ principal: { scope: "admin", via: "bearer" } })).toEqual({
      kind: "api",
      scope: "admin",
    });
    expect(actorOf({ webhook: "scm-github" })).toEqual({ kind: "webhook", route: "scm-github" });
  });
});
