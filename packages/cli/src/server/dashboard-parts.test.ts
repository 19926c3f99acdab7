import { describe, expect, it } from "vitest";
import { REDACTED_VALUE, redactedConfig } from "./config-summary.js";
import { landingPath } from "./routes.js";
import { safeRelativePath } from "./static-files.js";
import { parseControl } from "./terminal-socket.js";

describe("the dashboard's small rules", () => {
  it("refuses every path that could leave the dashboard's files", () => {
    expect(safeRelativePath(["assets", "app-1a2b.js"])).toBe("assets/app-1a2b.js");
    expect(safeRelativePath([])).toBe("");
    for (const parts of [[".."], ["assets", ".."], ["a/b"], ["a\\..\\b"], ["x\0.js"], ["C:"], ["."]]) {
      expect(() => safeRelativePath(parts), JSON.stringify(parts)).toThrow(/leaves the dashboard/);
    }
  });

  it("lands a login on a dashboard path only, never another site", () => {
    expect(landingPath("/sessions/app-1")).toBe("/sessions/app-1");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:x",
      "/a b",
      "",
    ]) {
      expect(landingPath(bad), bad).toBe("/");
    }
  });

  it("takes a text frame as a control message only when it is one", () => {
    expect(parseControl('{"type":"resize","cols":120,"rows":40}')).toEqual({
      type: "resize",
      cols: 120,
      rows: 40,
    });
    expect(parseControl('{"type":"input","data":"ls\\r"}')).toEqual({ type: "input", data: "ls\r" });
    for (const other of [
      '{"type":"resize","cols":0,"rows":40}',
      '{"type":"resize","cols":5000,"rows":4}',
      "ls",
      "{",
      "[]",
      "null",
    ]) {
      expect(parseControl(other), other).toBeUndefined();
    }
  });

  it("redacts options named like credentials in a debug bundle's config, and names plugin instances", () => {
    const config = {
      file: "/x/ao.config.ts",
      pollIntervalMs: 1000,
      server: { host: "127.0.0.1", port: 0, allowRemote: false },
      intake: {},
      reactions: {},
      projects: [
        {
          id: "app",
          slots: {
            scm: {
              key: "k",
              value: ["github", { token: "ghp_x", tokenEnv: "GITHUB_TOKEN", webhookSecret: "s3" }],
            },
            notifier: { key: "n", value: { name: "@ao/notifier-x", notify: () => {} } },
          },
        },
      ],
    };
    const text = JSON.stringify(redactedConfig(config as never));
    expect(text).not.toContain("ghp_x");
    expect(text).not.toContain("s3");
    expect(text).toContain(REDACTED_VALUE);
    expect(text).toContain('"tokenEnv":"GITHUB_TOKEN"');
    expect(text).toContain('{"plugin":"@ao/notifier-x"}');
  });
});
