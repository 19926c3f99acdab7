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
];

/** Register the notifier contract: `notifierContract({ setup: async () => ({ plugin, cleanup, received? }) })`. */
export function notifierContract(options: ContractOptions<NotifierFixture>): void {
  registerContract("notifier", options, notifierChecks);
}
