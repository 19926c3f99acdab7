import { describe, expect, it } from "vitest";
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
      expect(commands(JSON.stringify(merged), "Stop")).toEqual([expect.stringMatching(/^ao report done /)]);
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
    expect(commands(twice, "Stop")).toEqual(["say done", expect.stringMatching(/^ao report done/)]);
  });

  it("leaves a file that is not a JSON object exactly as it is", () => {
    for (const bad of ["{ torn", "[1,2]", "null"]) expect(mergeReportHooks(bad)).toBe(bad);
  });

  it("writes no token or secret: the hook finds its session in the agent's environment", () => {
    const text = mergeReportHooks(null);
    expect(text).not.toMatch(/ao_agent_|TOKEN|Bearer/);
  });
});
