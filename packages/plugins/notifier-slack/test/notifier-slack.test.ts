import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AoError } from "@ao/core";
import { expectAoError, hostileNotification, sampleNotification } from "@ao/plugin-kit";
import {
  type FakeSlack,
  slackRateLimited,
  startFakeSlack,
  type TempDir,
  tempDir,
  testHost,
} from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import notifierSlack from "../src/index.js";
import { slackNotifier } from "../src/slack-notifier.js";

let slack: FakeSlack;
let home: TempDir;
const waits: number[] = [];
const seams = { sleep: async (ms: number) => void waits.push(ms), random: () => 0 };

beforeEach(async () => {
  slack = await startFakeSlack();
  home = await tempDir();
  waits.length = 0;
  process.env.AO_TEST_SLACK_WEBHOOK = slack.webhookUrl;
  process.env.AO_TEST_SLACK_TOKEN = slack.botToken;
});
afterEach(async () => {
  delete process.env.AO_TEST_SLACK_WEBHOOK;
  delete process.env.AO_TEST_SLACK_TOKEN;
  await slack.close();
  await home.cleanup();
});

const bot = () =>
  slackNotifier({ mode: "bot", token: slack.botToken, channel: "#ao", apiBaseUrl: slack.apiBaseUrl }, seams);

describe("@ao/notifier-slack over an incoming webhook", () => {
  it("sends Block Kit with what happened, where, the links and the command", async () => {
    const plugin = notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" });
    await plugin.notify(
      sampleNotification({
        action: { command: "ao merge app-1" },
        dashboardUrl: "https://ao.local/sessions/app-1",
      }),
    );
    expect(slack.messages).toHaveLength(1);
    const [message] = slack.messages;
    const text = JSON.stringify(message?.blocks);
    expect(message?.blocks?.[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "app-1: PR #7 is ready to merge" },
    });
    expect(text).toContain("<https://example.invalid/acme/app/pull/7|PR #7>");
    expect(text).toContain("<https://ao.local/sessions/app-1|Open in dashboard>");
    expect(text).toContain("*Act:* `ao merge app-1`");
    expect(text).toContain(":point_right:");
  });

  it("links the issue and the dashboard, and shows a batch summary", async () => {
    const plugin = notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" });
    await plugin.notify(
      sampleNotification({
        kind: "summary",
        priority: "info",
        issue: { id: "42", url: "https://example.invalid/acme/app/issues/42", title: "Fix <!here> login" },
        dashboardUrl: "http://127.0.0.1:3000/sessions/app-1",
        summary: { sessions: ["app-1", "app-2"], merged: 1, stuck: 1, killed: 0, costUsd: 1.25 },
      }),
    );
    const text = JSON.stringify(slack.messages[0]?.blocks);
    expect(text).toContain("<https://example.invalid/acme/app/issues/42|issue 42>");
    expect(text).toContain("<http://127.0.0.1:3000/sessions/app-1|Open in dashboard>");
    expect(text).toContain("*1* merged · *1* need a human · *0* killed · cost $1.25\\napp-1, app-2");
    expect(text).toContain(":information_source:");
  });

  it("makes hostile text inert: no mentions, no links, nothing over Slack's limits", async () => {
    const plugin = notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" });
    await plugin.notify(hostileNotification());
    const message = slack.messages[0];
    const raw = JSON.stringify({ text: message?.text, blocks: message?.blocks });
    expect(raw).not.toMatch(/<!channel>|<!everyone>|<@U123>|<script>/);
    expect(raw).toContain("&lt;!channel&gt;");
    const section = message?.blocks?.find((b) => b.type === "section") as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text.endsWith("…")).toBe(true);
  });

  it("never renders a javascript: link, even as the action URL", async () => {
    const plugin = notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" });
    await plugin.notify(sampleNotification({ pr: undefined, action: { url: "javascript:alert(1)" } }));
    expect(slack.messages[0]?.raw).not.toContain("javascript:");
  });

  it("refuses a missing env var or a plain-http webhook URL at creation, naming the variable only", async () => {
    const unset = await expectAoError(
      () => notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_UNSET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(unset.message).toContain("AO_TEST_SLACK_UNSET, which is not set");
    process.env.AO_TEST_SLACK_WEBHOOK = "http://hooks.example.com/services/T/B/secretvalue";
    const plain = await expectAoError(
      () => notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(JSON.stringify([plain.message, (plain as AoError).hint])).not.toContain("secretvalue");
    const none = await expectAoError(() => notifierSlack({}), "PLUGIN_OPTION_INVALID");
    expect(none.message).toContain("webhookUrlEnv");
  });

  it("tells the host the webhook URL is a secret", async () => {
    const secrets: string[] = [];
    const plugin = notifierSlack({ webhookUrlEnv: "AO_TEST_SLACK_WEBHOOK" });
    await plugin.setup?.(testHost(home.path, {}, secrets));
    expect(secrets).toEqual([slack.webhookUrl]);
  });

  it("waits out a 429's Retry-After, then delivers", async () => {
    slack.fault(slackRateLimited(2));
    const plugin = slackNotifier({ mode: "webhook", webhookUrl: slack.webhookUrl }, seams);
    await plugin.notify(sampleNotification());
    expect(waits).toEqual([2000]);
    expect(slack.requests).toHaveLength(2);
    expect(slack.messages).toHaveLength(1);
  });

  it("reports a deleted webhook as HTTP 404 without the URL", async () => {
    const plugin = slackNotifier(
      { mode: "webhook", webhookUrl: `${slack.url}/services/T/B/revoked-secret` },
      seams,
    );
    const error = await plugin.notify(sampleNotification()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AoError);
    expect((error as AoError).message).toContain("HTTP 404 (no_service)");
    expect((error as AoError).message).not.toContain("revoked-secret");
  });
});

describe("@ao/notifier-slack with a bot token", () => {
  it("starts one thread per session and posts later notifications under it", async () => {
    const plugin = bot();
    await plugin.setup?.(testHost(home.path));
    await plugin.notify(sampleNotification({ sessionId: "app-1", title: "first" }));
    await plugin.notify(sampleNotification({ sessionId: "app-2", title: "other session" }));
    await plugin.notify(sampleNotification({ sessionId: "app-1", title: "second" }));
    const [first, other, second] = slack.messages;
    expect(first?.thread_ts).toBeUndefined();
    expect(other?.thread_ts).toBeUndefined();
    expect(second?.thread_ts).toBe(first?.ts);
    expect(slack.requests[0]?.headers.authorization).toBe(`Bearer ${slack.botToken}`);
  });

  it("keeps the threads across restarts in the project's plugin data directory", async () => {
    const before = bot();
    await before.setup?.(testHost(home.path));
    await before.notify(sampleNotification({ title: "first" }));
    const file = join(home.path, "projects", "app", "plugins", "notifier-slack", "threads.json");
    expect(JSON.parse(await readFile(file, "utf8")).threads["app-1"].ts).toBe(slack.messages[0]?.ts);
    const after = bot();
    await after.setup?.(testHost(home.path));
    await after.notify(sampleNotification({ title: "after restart" }));
    expect(slack.messages[1]?.thread_ts).toBe(slack.messages[0]?.ts);
  });

  it("starts a fresh thread when the thread file is torn", async () => {
    const dir = join(home.path, "projects", "app", "plugins", "notifier-slack");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "threads.json"), '{"version":1,"thre');
    const warnings: string[] = [];
    const plugin = bot();
    await plugin.setup?.(testHost(home.path, { warn: (m) => warnings.push(m) }));
    await plugin.notify(sampleNotification());
    expect(slack.messages[0]?.thread_ts).toBeUndefined();
    expect(warnings.join()).toMatch(/unreadable/);
  });

  it("two notifications of a new session at once share one thread", async () => {
    const plugin = bot();
    await plugin.setup?.(testHost(home.path));
    await Promise.all([
      plugin.notify(sampleNotification({ title: "a" })),
      plugin.notify(sampleNotification({ title: "b" })),
    ]);
    expect(slack.messages.filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(slack.messages[1]?.thread_ts).toBe(slack.messages[0]?.ts);
  });

  it("starts a new thread when Slack no longer knows the old one", async () => {
    const plugin = bot();
    await plugin.setup?.(testHost(home.path));
    await plugin.notify(sampleNotification({ title: "first" }));
    slack.messages.length = 0; // the root message was deleted
    await plugin.notify(sampleNotification({ title: "second" }));
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.thread_ts).toBeUndefined();
  });

  it("turns Slack's ok:false into an error naming the Slack error, never the token", async () => {
    const plugin = slackNotifier(
      { mode: "bot", token: "xoxb-wrong-secret", channel: "#ao", apiBaseUrl: slack.apiBaseUrl },
      seams,
    );
    const error = await plugin.notify(sampleNotification()).catch((e: unknown) => e);
    expect((error as AoError).code).toBe("NOTIFY_REJECTED");
    expect((error as AoError).message).toContain('Slack error "invalid_auth"');
    expect(JSON.stringify([(error as AoError).message, (error as AoError).hint])).not.toContain("xoxb-wrong");
  });

  it("retries ratelimited answers after Retry-After", async () => {
    slack.fault(slackRateLimited(1), slackRateLimited(3));
    const plugin = bot();
    await plugin.notify(sampleNotification());
    expect(waits).toEqual([1000, 3000]);
    expect(slack.messages).toHaveLength(1);
  });

  it("refuses a plain-http apiBaseUrl to a remote host, since the token would travel in the clear", async () => {
    const remote = await expectAoError(
      () =>
        notifierSlack({
          botTokenEnv: "AO_TEST_SLACK_TOKEN",
          channel: "#ao",
          apiBaseUrl: "http://slack.example.com/api",
        }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(remote.message).toContain("apiBaseUrl");
    const noChannel = await expectAoError(
      () => notifierSlack({ botTokenEnv: "AO_TEST_SLACK_TOKEN" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(noChannel.message).toContain("channel");
  });
});
