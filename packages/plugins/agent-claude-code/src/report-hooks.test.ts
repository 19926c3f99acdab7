import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeReportHooks, REPORT_HOOKS } from "./report-hooks.js";

const commands = (text: string, event: string) =>
  (JSON.parse(text).hooks[event] as Array<{ hooks: Array<{ command: string }> }>).flatMap((g) =>
    g.hooks.map((h) => h.command),
  );

describe("mergeReportHooks", () => {
  it("adds one `ao report` hook per event to a missing or empty file", () => {
    for (const existing of [null, "", "  \n"]) {
      const merged = JSON.parse(mergeReportHooks(existing));
      expect(Object.keys(merged.hooks).sort()).toEqual(REPORT_HOOKS.map((h) => h.event).sort());
      expect(commands(JSON.stringify(merged), "Stop")).toEqual([
        expect.stringMatching(/^eval "\$\{AO_BIN:-ao\}" report done /),
      ]);
      expect(merged.hooks.Notification[0].matcher).toBe("permission_prompt");
    }
  });

  it("keeps the user's keys and hooks, and replaces its own on a second launch", () => {
    const user = JSON.stringify({
      permissions: { allow: ["Bash(npm test)"] },
      hooks: {
        Stop: [{ hooks: [{ type: "command", command: "say done" }] }],
        PreToolUse: [{ matcher: "Bash", hooks: [] }],
      },
    });
    const once = mergeReportHooks(user);
    const twice = mergeReportHooks(once);
    expect(twice).toBe(once);
    const merged = JSON.parse(twice);
    expect(merged.permissions).toEqual({ allow: ["Bash(npm test)"] });
    expect(merged.hooks.PreToolUse).toEqual([{ matcher: "Bash", hooks: [] }]);
    expect(commands(twice, "Stop")).toEqual([
      "say done",
      expect.stringMatching(/^eval "\$\{AO_BIN:-ao\}" report done/),
    ]);
  });

  it("leaves a file that is not a JSON object exactly as it is", () => {
    for (const bad of ["{ torn", "[1,2]", "null"]) expect(mergeReportHooks(bad)).toBe(bad);
  });

  it("writes no token or secret: the hook finds its session in the agent's environment", () => {
    const text = mergeReportHooks(null);
    expect(text).not.toMatch(/ao_agent_|TOKEN|Bearer/);
  });
});

describe("the hook's command line", () => {
  // Run as Claude Code runs hooks: `sh -c`, with the agent's environment.
  const run = (env: Record<string, string>) => {
    const command = commands(mergeReportHooks(null), "Stop")[0] as string;
    return execFileSync("sh", ["-c", command], {
      env: { PATH: `${join(dir, "path")}:/usr/bin:/bin`, ...env },
      encoding: "utf8",
    });
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ao-hook 'q' "));
    mkdirSync(join(dir, "path"));
    const script = (name: string) => `#!/bin/sh\nprintf '%s|' ${name} "$@" > "${join(dir, "called")}"\n`;
    writeFileSync(join(dir, "path", "ao"), script("path-ao"), { mode: 0o755 });
    writeFileSync(join(dir, "my ao's cli"), script("ao-bin"), { mode: 0o755 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const called = () => readFileSync(join(dir, "called"), "utf8");

  it("runs the CLI named by AO_BIN, a quoted command with spaces and quotes in its path", () => {
    const quoted = `'${join(dir, "my ao's cli").replace(/'/g, `'\\''`)}' 'an arg'`;
    run({ AO_BIN: quoted });
    expect(called()).toBe("ao-bin|an arg|report|done|");
  });

  it("falls back to `ao` on PATH when AO_BIN is unset or empty", () => {
    run({});
    expect(called()).toBe("path-ao|report|done|");
    run({ AO_BIN: "" });
    expect(called()).toBe("path-ao|report|done|");
  });
});
