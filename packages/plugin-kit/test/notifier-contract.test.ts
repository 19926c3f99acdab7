import { AoError, definePlugin, type Notification, type NotifierPlugin } from "@ao/core";
import { describe, expect, it } from "vitest";
import { findCheck, notifierChecks, notifierContract, runCheck } from "../src/index.js";

const SECRET = "xoxb-contract-secret-value";

/** An in-memory notifier whose flaws the tests choose. */
function inline(flaws: { leak?: boolean; throwSync?: boolean; plainError?: boolean } = {}) {
  const sent: string[] = [];
  let broken = false;
  const plugin = definePlugin({
    slot: "notifier",
    name: "inline-notifier",
    create: () => ({
      notify(n: Notification): Promise<void> {
        if (broken && flaws.throwSync) throw new Error("sync failure");
        if (broken) {
          return Promise.reject(
            flaws.plainError
              ? new Error("failed")
              : new AoError({
                  code: "NOTIFY_HTTP_STATUS",
                  message: `inline refused${flaws.leak ? ` at https://hooks.invalid/${SECRET}` : ""}`,
                  hint: "Fix it.",
                }),
          );
        }
        sent.push(`${n.title}\n${n.body}${flaws.leak ? `\n${SECRET}` : ""}`);
        return Promise.resolve();
      },
    }),
  })() as NotifierPlugin;
  return {
    plugin,
    received: async () => [...sent],
    secrets: [SECRET],
    breakDelivery: () => {
      broken = true;
    },
  };
}

notifierContract({ name: "inline notifier", setup: async () => inline() });

describe("notifier contract checks catch broken implementations", () => {
  const check = (name: string) => findCheck(notifierChecks, name);

  it("a notifier that sends a secret fails", async () => {
    const result = await runCheck(check("never sends or throws a secret value"), async () =>
      inline({ leak: true }),
    );
    expect(result.status).toBe("failed");
  });

  it("a notifier that throws synchronously fails", async () => {
    const result = await runCheck(
      check("notify never throws synchronously, even when delivery fails"),
      async () => inline({ throwSync: true }),
    );
    expect(result.status).toBe("failed");
  });

  it("a notifier that rejects with a plain Error fails", async () => {
    const result = await runCheck(
      check("a failed delivery rejects with an AoError that has a hint"),
      async () => inline({ plainError: true }),
    );
    expect(result.status).toBe("failed");
  });
});
