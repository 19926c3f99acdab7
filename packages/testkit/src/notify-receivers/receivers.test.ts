import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord } from "./fake-discord.js";
import { slackRateLimited, startFakeSlack } from "./fake-slack.js";
import type { NotificationReceiver } from "./receiver.js";
import { startWebhookReceiver, webhookSignatureProblem } from "./webhook-receiver.js";

const open: NotificationReceiver[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("notification receivers", () => {
  it("the fake Slack answers scripted faults first, then as Slack does", async () => {
    const slack = await startFakeSlack();
    open.push(slack);
    slack.fault(slackRateLimited(2));
    const limited = await post(slack.webhookUrl, '{"text":"hi"}');
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await (await post(slack.webhookUrl, '{"text":"hi"}')).text()).toBe("ok");
    expect(await (await post(`${slack.url}/services/T/B/wrong`, '{"text":"hi"}')).text()).toBe("no_service");
    const api = await post(`${slack.apiBaseUrl}/chat.postMessage`, '{"channel":"#a","text":"x"}');
    expect(await api.json()).toEqual({ ok: false, error: "not_authed" });
    expect(slack.requests).toHaveLength(4);
    expect(slack.messages).toHaveLength(1);
  });

  it("the fake Discord enforces embed limits and answers 204 without wait=true", async () => {
    const discord = await startFakeDiscord();
    open.push(discord);
    const long = await post(
      `${discord.webhookUrl}?wait=true`,
      JSON.stringify({ embeds: [{ title: "x".repeat(257) }] }),
    );
    expect(long.status).toBe(400);
    expect((await post(discord.webhookUrl, JSON.stringify({ content: "hi" }))).status).toBe(204);
    expect(discord.messages).toHaveLength(1);
  });

  it("the webhook receiver accepts only fresh, correctly signed deliveries", async () => {
    const now = Date.UTC(2026, 0, 1);
    const receiver = await startWebhookReceiver({ secret: "s3cret", now: () => now });
    open.push(receiver);
    const body = '{"version":1}';
    const sign = (ts: number, secret = "s3cret") => ({
      "x-ao-timestamp": String(ts),
      "x-ao-signature": `sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`,
    });
    expect((await post(receiver.endpoint, body, sign(now / 1000))).status).toBe(200);
    expect((await post(receiver.endpoint, body, sign(now / 1000, "other"))).status).toBe(401);
    expect((await post(receiver.endpoint, body, sign(now / 1000 - 301))).status).toBe(401);
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.refused.map((r) => r.reason)).toEqual([
      "signature does not match",
      "timestamp outside the replay window",
    ]);
    expect(webhookSignatureProblem("s3cret", {}, body, now)).toBe("missing or malformed x-ao-timestamp");
  });
});
