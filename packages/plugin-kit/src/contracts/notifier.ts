import { NOTIFICATION_PRIORITIES, type Notification, type NotifierPlugin } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { sampleNotification } from "../samples.js";
import { waitFor } from "../wait-for.js";
import { expectPluginShape } from "./shared.js";

export interface NotifierFixture extends FixtureBase {
  plugin: NotifierPlugin;
  /**
   * What the far end received so far, as text (one entry per delivery), when
   * the test can see it (a local HTTP server, a captured stream).
   */
  received?(): Promise<string[]>;
  /**
   * Credential values the plugin was given (webhook URLs, tokens, signing
   * secrets): none may appear in what the far end receives or in an error.
   */
  secrets?: string[];
  /** Make every later delivery fail for good (the far end refuses or is gone), when the test can. */
  breakDelivery?(): Promise<void> | void;
}

/** Outside text at its worst: mentions, a markdown link to a script, markup, and 10 KB of body. */
export const hostileNotification = (): Notification =>
  sampleNotification({
    kind: "needs_attention",
    priority: "urgent",
    title: "ao hostile <!channel> @everyone @here [click](javascript:alert(1)) <script>x</script> & *bold*",
    body: `Issue says: <!everyone> <@U123> ](javascript:alert(1)) \`\`\` ${"long line ".repeat(1024)}`,
  });

/** Every secret that appears in `text`, so a failure shows which leaked (masked). */
function leaked(secrets: readonly string[], text: string): string[] {
  return secrets.filter((s) => s.length > 0 && text.includes(s)).map((s) => `${s.slice(0, 4)}…`);
}

function errorText(error: unknown): string {
  const e = error as { message?: unknown; hint?: unknown; stack?: unknown; cause?: unknown };
  return JSON.stringify([e.message, e.hint, e.stack, String(e.cause ?? "")]);
}

const withoutPr = (): Notification => {
  const { pr: _pr, ...rest } = sampleNotification({
    kind: "stuck",
    priority: "urgent",
    title: "app-2 is stuck",
  });
  return { ...rest, action: { command: "ao send app-2 <message>" } };
};

/** The notifier contract's checks. */
export const notifierChecks: Check<NotifierFixture>[] = [
  {
    name: "has the notifier slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "notifier");
    },
  },
  {
    name: "notify resolves for notifications with and without a PR",
    async run(f) {
      await f.plugin.notify(sampleNotification());
      await f.plugin.notify(withoutPr());
    },
  },
  {
    name: "notify resolves for every priority, the links and a batch summary",
    async run(f) {
      for (const priority of NOTIFICATION_PRIORITIES) await f.plugin.notify(sampleNotification({ priority }));
      await f.plugin.notify(
        sampleNotification({
          kind: "summary",
          priority: "info",
          title: "app: every session of the batch is done",
          issue: { id: "42", url: "https://example.invalid/acme/app/issues/42", title: "Fix login" },
          dashboardUrl: "http://127.0.0.1:3000/sessions/app-1",
          summary: { sessions: ["app-1", "app-2"], merged: 1, stuck: 1, killed: 0, costUsd: 1.25 },
        }),
      );
    },
  },
  {
    name: "notify (when the far end is visible) delivers the title once per call",
    async run(f, ctx) {
      const received = f.received;
      if (!received) return ctx.skip("no received() hook");
      const n = sampleNotification({ title: `ao contract ${Date.now()} "quoted" & <b>` });
      await f.plugin.notify(n);
      const seen = await waitFor(
        async () => {
          const all = await received();
          return all.some((r) => r.includes("ao contract")) && all;
        },
        { what: "the notification to arrive" },
      );
      expect(seen.filter((r) => r.includes("ao contract"))).toHaveLength(1);
    },
  },
  {
    name: "notify delivers a hostile 10 KB notification (mentions, script links) without rejecting",
    async run(f) {
      const before = f.received ? (await f.received()).length : 0;
      await f.plugin.notify(hostileNotification());
      const received = f.received;
      if (received) {
        await waitFor(async () => (await received()).length > before, {
          what: "the hostile notification to arrive",
        });
      }
    },
  },
  {
    name: "notify never throws synchronously, even when delivery fails",
    async run(f) {
      await f.breakDelivery?.();
      let result: unknown;
      expect(() => {
        result = f.plugin.notify(sampleNotification());
      }).not.toThrow();
      expect(typeof (result as Promise<void>)?.then).toBe("function");
      await (result as Promise<void>).catch(() => undefined);
    },
  },
  {
    name: "a failed delivery rejects with an AoError that has a hint",
    async run(f, ctx) {
      if (!f.breakDelivery) return ctx.skip("no breakDelivery() hook");
      await f.breakDelivery();
      const error = await f.plugin.notify(sampleNotification()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, "notify resolved although delivery was broken").toBeDefined();
      expect((error as { name?: string }).name).toBe("AoError");
      expect((error as { hint?: string }).hint).toBeTruthy();
    },
  },
  {
    name: "never sends or throws a secret value",
    async run(f, ctx) {
      const secrets = f.secrets ?? [];
      if (secrets.length === 0) return ctx.skip("the plugin holds no secrets");
      await f.plugin.notify(hostileNotification());
      if (f.received) expect(leaked(secrets, (await f.received()).join("\n"))).toEqual([]);
      if (f.breakDelivery) {
        await f.breakDelivery();
        const error = await f.plugin.notify(sampleNotification()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeDefined();
        expect(leaked(secrets, errorText(error))).toEqual([]);
      }
    },
  },
];

/** Register the notifier contract: `notifierContract({ setup: async () => ({ plugin, cleanup, received? }) })`. */
export function notifierContract(options: ContractOptions<NotifierFixture>): void {
  registerContract("notifier", options, notifierChecks);
}
