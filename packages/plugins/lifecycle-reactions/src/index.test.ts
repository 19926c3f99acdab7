import { createSession, REACTION_KEYS, transition, type SessionEvent, type SessionSnapshot } from "@ao/core";
import { describe, expect, it } from "vitest";
import reactions from "./index.js";

describe("@ao/lifecycle-reactions", () => {
  it("is a lifecycle plugin factory", () => {
    expect(reactions.slot).toBe("lifecycle");
    expect(reactions.pluginName).toBe("@ao/lifecycle-reactions");
    const plugin = reactions();
    expect(plugin).toMatchObject({ slot: "lifecycle", name: "@ao/lifecycle-reactions" });
    expect(plugin.routeUntrustedComments?.()).toBe(false);
  });

  it("validates its options at once, with the plugin stamped on the error", () => {
    expect(() => reactions({ "ci-failed": { retries: -2 } })).toThrow(/reactions\.ci-failed\.retries/);
    try {
      reactions({ "ci-failed": { retries: -2 } });
    } catch (error) {
      expect(error).toMatchObject({ code: "PLUGIN_OPTION_INVALID", plugin: "@ao/lifecycle-reactions" });
    }
  });

  it("describes every reaction as an option, so the generated docs miss none", () => {
    expect(Object.keys(reactions.options).sort()).toEqual(
      [...REACTION_KEYS, "routeUntrustedComments"].sort(),
    );
    expect(() => reactions({ "ci-faild": {} } as never)).toThrow('option "ci-faild" is not an option');
    expect(() => reactions({ "ci-failed": "yes" } as never)).toThrow('option "ci-failed" must be an object');
  });

  it("hands out copies of the rules", () => {
    const plugin = reactions();
    const rules = plugin.rules();
    rules["ci-failed"].retries = 99;
    expect(plugin.rules()["ci-failed"].retries).toBe(2);
  });

  it("drives the machine: escalateAfter in ms escalates, and retries as a count exhaust", () => {
    const plugin = reactions({
      "changes-requested": { escalateAfter: "50ms" },
      "ci-failed": { escalateAfter: 1 },
    });
    let s: SessionSnapshot = createSession({
      id: "a-1",
      project: "a",
      issue: "1",
      branch: "b",
      rules: plugin.rules(),
      at: 0,
    });
    const apply = (e: SessionEvent) => {
      const [next, effects] = transition(s, e);
      s = next;
      return effects;
    };
    apply({ type: "spawned", resources: { workspace: null, runtime: null }, at: 1 });
    apply({ type: "pr_opened", number: 1, url: "u", headSha: "h1", at: 2 });
    apply({ type: "changes_requested", at: 10 });
    expect(apply({ type: "timer_fired", key: "changes-requested", at: 60 })).toMatchObject([
      { type: "notify", kind: "escalated" },
    ]);
    expect(s.state).toBe("stuck");

    apply({ type: "pushed", headSha: "h2", at: 70 });
    expect(apply({ type: "ci_failed", at: 80 })).toEqual([
      { type: "send_to_agent", reaction: "ci-failed", attempt: 1 },
    ]);
    apply({ type: "pushed", headSha: "h3", at: 90 });
    expect(apply({ type: "ci_failed", at: 100 })).toMatchObject([
      { type: "notify", kind: "escalated", reaction: "ci-failed" },
    ]);
  });
});
