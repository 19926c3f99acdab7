import { DEFAULT_REACTION_RULES } from "@ao/core";
import { describe, expect, it } from "vitest";
import { resolveRules } from "./rules.js";

describe("resolveRules", () => {
  it("gives the SPEC defaults for an empty config", () => {
    expect(resolveRules(undefined)).toEqual({ rules: DEFAULT_REACTION_RULES, routeUntrustedComments: false });
    expect(resolveRules({}).rules).toEqual(DEFAULT_REACTION_RULES);
  });

  it("parses durations and thresholds", () => {
    const { rules } = resolveRules({
      "changes-requested": { escalateAfter: "45m" },
      "agent-stuck": { threshold: "100ms" },
      "ci-failed": { escalateAfter: "1h", retries: 4 },
    });
    expect(rules["changes-requested"]).toEqual({
      auto: true,
      action: "send-to-agent",
      escalateAfterMs: 45 * 60_000,
    });
    expect(rules["agent-stuck"].thresholdMs).toBe(100);
    expect(rules["ci-failed"]).toMatchObject({ retries: 4, escalateAfterMs: 3_600_000 });
  });

  it("takes a notification priority per reaction and refuses an unknown one", () => {
    const { rules } = resolveRules({
      "ci-failed": { auto: false, priority: "warning" },
      "agent-waiting": { priority: "action" },
    });
    expect(rules["ci-failed"]).toMatchObject({ auto: false, priority: "warning" });
    expect(rules["agent-waiting"]).toEqual({ auto: true, action: "notify", priority: "action" });
    expect(() => resolveRules({ "agent-stuck": { priority: "loud" } })).toThrow(
      /reactions\.agent-stuck\.priority.*"urgent", "action", "warning", "info"/s,
    );
  });

  it("reads escalateAfter as a count of attempts when it has no unit", () => {
    expect(resolveRules({ "merge-conflict": { escalateAfter: 3 } }).rules["merge-conflict"].retries).toBe(3);
    expect(resolveRules({ "merge-conflict": { escalateAfter: "5" } }).rules["merge-conflict"].retries).toBe(
      5,
    );
  });

  it("turns an acting action into an automatic one", () => {
    const { rules } = resolveRules({
      "approved-and-green": { action: "merge" },
      "agent-exited": { action: "restore" },
    });
    expect(rules["approved-and-green"]).toEqual({ auto: true, action: "merge" });
    expect(rules["agent-exited"]).toEqual({ auto: true, action: "restore" });
    expect(
      resolveRules({ "approved-and-green": { action: "merge", auto: false } }).rules["approved-and-green"]
        .auto,
    ).toBe(false);
  });

  it("keeps message templates and routeUntrustedComments", () => {
    const r = resolveRules({ "ci-failed": { message: "Fix {branch}" }, routeUntrustedComments: true });
    expect(r.rules["ci-failed"].message).toBe("Fix {branch}");
    expect(r.routeUntrustedComments).toBe(true);
  });

  const cases: Array<[string, unknown, RegExp]> = [
    [
      "negative retries",
      { "ci-failed": { retries: -1 } },
      /reactions\.ci-failed\.retries" must be a number >= 0 \(got -1\)/,
    ],
    [
      "fractional retries",
      { "ci-failed": { retries: 1.5 } },
      /reactions\.ci-failed\.retries" must be a number >= 0/,
    ],
    [
      "string retries",
      { "ci-failed": { retries: "two" } },
      /reactions\.ci-failed\.retries" must be a number >= 0 \(got "two"\)/,
    ],
    [
      "bad duration",
      { "changes-requested": { escalateAfter: "soon" } },
      /reactions\.changes-requested\.escalateAfter" must be a duration such as "30s", "10m" or "2h", or a count/,
    ],
    [
      "bad threshold",
      { "agent-stuck": { threshold: "10 minutes" } },
      /reactions\.agent-stuck\.threshold" must be a duration/,
    ],
    [
      "negative threshold",
      { "agent-stuck": { threshold: -5 } },
      /reactions\.agent-stuck\.threshold" must be a duration/,
    ],
    ["unknown reaction", { "ci-broke": {} }, /reactions\.ci-broke" is not a reaction/],
    [
      "unknown setting",
      { "ci-failed": { retry: 2 } },
      /reactions\.ci-failed\.retry" is not a reaction setting/,
    ],
    [
      "wrong action",
      { "agent-stuck": { action: "merge" } },
      /reactions\.agent-stuck\.action" must be "notify" \(got "merge"\)/,
    ],
    [
      "non-boolean auto",
      { "ci-failed": { auto: "yes" } },
      /reactions\.ci-failed\.auto" must be true or false/,
    ],
    ["non-object reaction", { "ci-failed": true }, /reactions\.ci-failed" must be an object/],
    [
      "empty message",
      { "ci-failed": { message: " " } },
      /reactions\.ci-failed\.message" must be a non-empty string/,
    ],
    [
      "both counts",
      { "ci-failed": { retries: 1, escalateAfter: 2 } },
      /reactions\.ci-failed\.escalateAfter" is a count and retries is set too/,
    ],
    [
      "bad route",
      { routeUntrustedComments: "yes" },
      /reactions\.routeUntrustedComments" must be true or false/,
    ],
  ];
  it.each(cases)("rejects %s, naming the key", (_name, config, message) => {
    expect(() => resolveRules(config)).toThrow(message);
    try {
      resolveRules(config);
    } catch (error) {
      expect(error).toMatchObject({ code: "PLUGIN_OPTION_INVALID" });
      expect((error as Error).message).toMatch(/^@ao\/lifecycle-reactions: /);
    }
  });
});
