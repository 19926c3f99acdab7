import type { DashboardAccess } from "@ao/core";
import { expectAoError, terminalContract } from "@ao/plugin-kit";
import { describe, expect, it } from "vitest";
import terminal, { sessionPath } from "../src/index.js";

terminalContract({
  name: "@ao/terminal-web",
  async setup() {
    return { plugin: terminal(), info: { type: "tmux", target: "ao-demo-1" }, kind: "url" };
  },
});

/** A dashboard that records the paths it was asked to log in to. */
function dashboard(): DashboardAccess & { asked: string[] } {
  const asked: string[] = [];
  return {
    url: "http://127.0.0.1:4300",
    asked,
    async loginUrl(path) {
      asked.push(path);
      return `http://127.0.0.1:4300/login?token=one-time&next=${encodeURIComponent(path)}`;
    },
  };
}

describe("@ao/terminal-web", () => {
  it("opens a one-time login URL that lands on the session's page", async () => {
    const d = dashboard();
    const action = await terminal().open({ sessionId: "app-7", insideTmux: false, dashboard: d });
    expect(action).toEqual({
      kind: "url",
      url: "http://127.0.0.1:4300/login?token=one-time&next=%2Fsessions%2Fapp-7",
    });
    expect(d.asked).toEqual(["/sessions/app-7"]);
  });

  it("with login: false, opens the plain page URL and asks for no login code", async () => {
    const d = dashboard();
    const action = await terminal({ login: false }).open({
      sessionId: "app-7",
      insideTmux: false,
      dashboard: d,
    });
    expect(action).toEqual({ kind: "url", url: "http://127.0.0.1:4300/sessions/app-7" });
    expect(d.asked).toEqual([]);
  });

  it("shows any runtime, with attach info or without", () => {
    const plugin = terminal();
    expect(plugin.supports(undefined)).toBe(true);
    expect(plugin.supports({ type: "command", argv: ["tail", "-f", "x"] })).toBe(true);
  });

  it("keeps a hostile session id inside /sessions/", async () => {
    for (const id of [".. ", "../../api/kill", "a/b?c#d", "x y%2e", "..."]) {
      const path = sessionPath(id);
      const url = new URL(path, "http://127.0.0.1:4300");
      expect(url.pathname.startsWith("/sessions/")).toBe(true);
      expect(url.pathname.split("/")).toHaveLength(3);
      expect(decodeURIComponent(url.pathname.slice("/sessions/".length))).toBe(id);
      expect(url.search + url.hash).toBe("");
    }
    for (const id of ["..", ".", ""]) await expectAoError(async () => sessionPath(id), "CANNOT_ATTACH");
  });

  it("says to start the daemon when none runs", async () => {
    const error = await expectAoError(
      terminal().open({ sessionId: "app-7", insideTmux: false }),
      "CANNOT_ATTACH",
    );
    expect((error as { hint?: string }).hint).toMatch(/ao start/);
  });
});
