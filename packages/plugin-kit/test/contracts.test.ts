import { tmpdir } from "node:os";
import { definePlugin, fenceData, type LifecyclePlugin, type ReactionRules } from "@ao/core";
import { describe, expect, it } from "vitest";
import {
  findCheck,
  lifecycleChecks,
  lifecycleContract,
  runCheck,
  runtimeChecks,
  runtimeContract,
  terminalContract,
} from "../src/index.js";
import { inlineRuntime } from "./inline-runtime.js";

runtimeContract({
  name: "inline runtime",
  setup: async () => ({ plugin: inlineRuntime(), home: tmpdir(), cwd: tmpdir() }),
});

terminalContract({
  name: "inline terminal",
  setup: async () => ({
    plugin: definePlugin({
      slot: "terminal",
      name: "inline-terminal",
      create: () => ({
        supports: (info) => info.type === "command",
        attachCommand: (info) => (info.type === "command" ? info.argv : []),
      }),
    })(),
    info: { type: "command", argv: ["sh", "-c", "echo attached"] },
    unsupported: { type: "url", url: "http://127.0.0.1/" },
  }),
});

const lifecycle = (fence: boolean) =>
  definePlugin({
    slot: "lifecycle",
    name: fence ? "inline-lifecycle" : "broken-lifecycle",
    create: () => ({
      rules: (): ReactionRules => ({
        "ci-failed": { auto: true, action: "send-to-agent", retries: 2 },
        "changes-requested": { auto: true, action: "send-to-agent" },
        "merge-conflict": { auto: true, action: "send-to-agent", retries: 2 },
        "approved-and-green": { auto: false, action: "notify" },
        "agent-stuck": { auto: true, action: "notify", thresholdMs: 600_000 },
        "agent-exited": { auto: true, action: "notify" },
        "agent-waiting": { auto: true, action: "notify", priority: "urgent" },
      }),
      agentMessage: (c) => {
        const data = c.ciLog ?? (c.comments ?? []).map((x) => x.body).join("\n") ?? "";
        const text = fence ? fenceData("Outside text", data) : `Here is what they said:\n${data}`;
        return `Reaction ${c.reaction} (attempt ${c.attempt}), rebase on ${c.defaultBranch ?? "main"}.\n${text}`;
      },
      describe: (n, s) => ({ title: `${n.kind}: ${s.id}`, body: `Session ${s.id} needs you.` }),
    }),
  })() as LifecyclePlugin;

lifecycleContract({ name: "inline lifecycle", setup: async () => ({ plugin: lifecycle(true) }) });

describe("contract checks catch broken implementations", () => {
  it("a runtime that submits a message twice fails the exactly-once check", async () => {
    const check = findCheck(runtimeChecks, "sendMessage delivers text literally and submits it exactly once");
    const result = await runCheck(check, async () => ({
      plugin: inlineRuntime({ submits: 2 }),
      home: tmpdir(),
      cwd: tmpdir(),
      outputTimeoutMs: 5000,
    }));
    expect(result.status).toBe("failed");
  });

  it("a runtime that adopts whatever has its name fails the conflict check", async () => {
    const check = findCheck(
      runtimeChecks,
      "create over a same-named runtime of another owner is refused with RUNTIME_CONFLICT",
    );
    const setup = (adoptAny: boolean) => async () => ({
      plugin: inlineRuntime({ adoptAny }),
      home: tmpdir(),
      cwd: tmpdir(),
    });
    expect((await runCheck(check, setup(true))).status).toBe("failed");
    expect((await runCheck(check, setup(false))).status).toBe("passed");
  });

  it("a lifecycle that does not fence outside text fails both fencing checks", async () => {
    for (const name of [
      "agentMessage fences a CI log as data",
      "agentMessage fences review comments as data",
    ]) {
      const result = await runCheck(findCheck(lifecycleChecks, name), async () => ({
        plugin: lifecycle(false),
      }));
      expect(result.status).toBe("failed");
    }
    const ok = await runCheck(
      findCheck(lifecycleChecks, "rules() has a well-formed rule for each of the six reactions"),
      async () => ({ plugin: lifecycle(false) }),
    );
    expect(ok.status).toBe("passed");
  });

  it("reports a skipped check with its reason, and always runs cleanup", async () => {
    let cleaned = 0;
    const result = await runCheck(
      findCheck(
        runtimeChecks,
        "list (when present) includes live runtimes with their owner and drops destroyed ones",
      ),
      async () => ({
        plugin: inlineRuntime(),
        home: tmpdir(),
        cwd: tmpdir(),
        cleanup: () => {
          cleaned++;
        },
      }),
    );
    expect(result).toEqual({ status: "skipped", reason: "the plugin has no list()" });
    expect(cleaned).toBe(1);
  });

  it("findCheck names the known checks when one is missing", () => {
    expect(() => findCheck(runtimeChecks, "nope")).toThrow(/known: has the runtime slot/);
  });
});
