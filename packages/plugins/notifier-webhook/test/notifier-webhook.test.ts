import { createHmac } from "node:crypto";
import { AoError } from "@ao/core";
import { expectAoError, sampleNotification } from "@ao/plugin-kit";
import { startWebhookReceiver, testHost, type WebhookReceiver } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import notifierWebhook from "../src/index.js";
import { webhookNotifier } from "../src/webhook-notifier.js";

const SECRET = "whsec-unit-0123456789abcdef";
let receiver: WebhookReceiver;
const waits: number[] = [];
const seams = { sleep: async (ms: number) => void waits.push(ms), random: () => 0 };

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  waits.length = 0;
  process.env.AO_TEST_WEBHOOK_SECRET = SECRET;
});
afterEach(async () => {
  delete process.env.AO_TEST_WEBHOOK_SECRET;
  delete process.env.AO_TEST_WEBHOOK_URL;
  await receiver.close();
});

describe("@ao/notifier-webhook", () => {
  it("POSTs the versioned body, signed over timestamp and body", async () => {
    const plugin = notifierWebhook({ url: receiver.endpoint, secretEnv: "AO_TEST_WEBHOOK_SECRET" });
    await plugin.notify(sampleNotification());
    expect(receiver.refused).toEqual([]);
    const [delivery] = receiver.deliveries;
    expect(delivery?.payload).toMatchObject({
      version: 1,
      type: "notification",
      notification: {
        kind: "ready_to_merge",
        priority: "action",
        sessionId: "app-1",
        project: "app",
        pr: { number: 7, url: "https://example.invalid/acme/app/pull/7" },
        issue: null,
        dashboardUrl: null,
        action: { command: "ao merge app-1", url: null },
        summary: null,
        at: "2026-01-01T00:00:00.000Z",
      },
    });
    const request = receiver.requests[0];
    const expected = createHmac("sha256", SECRET)
      .update(`${request?.headers["x-ao-timestamp"]}.${request?.body}`)
      .digest("hex");
    expect(request?.headers["x-ao-signature"]).toBe(`sha256=${expected}`);
  });

  it("carries the issue, the dashboard link and a batch summary", async () => {
    const plugin = webhookNotifier({ url: receiver.endpoint, urlIsSecret: false, secret: SECRET }, seams);
    await plugin.notify(
      sampleNotification({
        kind: "summary",
        issue: { id: "42", title: "Fix login" },
        dashboardUrl: "http://127.0.0.1:3000/sessions/app-1",
        summary: { sessions: ["app-1"], merged: 1, stuck: 0, killed: 0 },
      }),
    );
    expect(receiver.deliveries[0]?.payload.notification).toMatchObject({
      issue: { id: "42", url: null, title: "Fix login" },
      dashboardUrl: "http://127.0.0.1:3000/sessions/app-1",
      summary: { sessions: ["app-1"], merged: 1, stuck: 0, killed: 0, costUsd: null },
    });
  });

  it("retries a 503 with the same delivery id and signature, honouring Retry-After", async () => {
    receiver.fault({ status: 503, headers: { "retry-after": "2" } });
    const plugin = webhookNotifier({ url: receiver.endpoint, urlIsSecret: false, secret: SECRET }, seams);
    await plugin.notify(sampleNotification());
    expect(waits).toEqual([2000]);
    const [first, second] = receiver.requests;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers["x-ao-signature"]).toBe(first?.headers["x-ao-signature"]);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it("never puts the secret in the body or headers, and tells the host about it and a URL from env", async () => {
    const secrets: string[] = [];
    process.env.AO_TEST_WEBHOOK_URL = receiver.endpoint;
    const plugin = notifierWebhook({ urlEnv: "AO_TEST_WEBHOOK_URL", secretEnv: "AO_TEST_WEBHOOK_SECRET" });
    await plugin.setup?.(testHost("/nonexistent", {}, secrets));
    await plugin.notify(sampleNotification({ body: "the body" }));
    expect(secrets).toEqual([SECRET, receiver.endpoint]);
    expect(JSON.stringify(receiver.requests)).not.toContain(SECRET);
  });

  it("fails at once on a 4xx, without retrying", async () => {
    receiver.fault({ status: 400, body: "bad" });
    const plugin = webhookNotifier({ url: receiver.endpoint, urlIsSecret: false, secret: SECRET }, seams);
    const error = await plugin.notify(sampleNotification()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AoError);
    expect((error as AoError).code).toBe("NOTIFY_HTTP_STATUS");
    expect(receiver.requests).toHaveLength(1);
  });

  it("checks its options at creation", async () => {
    const neither = await expectAoError(
      () => notifierWebhook({ secretEnv: "AO_TEST_WEBHOOK_SECRET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(neither.message).toContain('"url"');
    const both = await expectAoError(
      () => notifierWebhook({ url: receiver.endpoint, urlEnv: "X", secretEnv: "AO_TEST_WEBHOOK_SECRET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(both.message).toContain("cannot be given with url");
    const bad = await expectAoError(
      () => notifierWebhook({ url: "file:///etc/passwd", secretEnv: "AO_TEST_WEBHOOK_SECRET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(bad.message).toContain("http or https");
    const noSecret = await expectAoError(
      () => notifierWebhook({ url: receiver.endpoint, secretEnv: "AO_TEST_WEBHOOK_UNSET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(noSecret.message).toContain("AO_TEST_WEBHOOK_UNSET");
  });
});
