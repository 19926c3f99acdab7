import { AoError } from "@ao/core";
import { expectAoError, hostileNotification, sampleNotification } from "@ao/plugin-kit";
import { discordRateLimited, type FakeDiscord, startFakeDiscord, testHost } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discordNotifier } from "../src/discord-notifier.js";
import notifierDiscord from "../src/index.js";

let discord: FakeDiscord;
const waits: number[] = [];
const seams = { sleep: async (ms: number) => void waits.push(ms), random: () => 0 };

beforeEach(async () => {
  discord = await startFakeDiscord();
  waits.length = 0;
  process.env.AO_TEST_DISCORD_WEBHOOK = discord.webhookUrl;
});
afterEach(async () => {
  delete process.env.AO_TEST_DISCORD_WEBHOOK;
  await discord.close();
});

type Embed = {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: Array<{ name: string; value: string }>;
};
const embed = (i = 0) => discord.messages[i]?.embeds[0] as Embed;

describe("@ao/notifier-discord", () => {
  it("posts one embed with ?wait=true: title, link, colour by priority, session, PR and the command", async () => {
    const plugin = notifierDiscord({ webhookUrlEnv: "AO_TEST_DISCORD_WEBHOOK" });
    await plugin.notify(
      sampleNotification({ action: { command: "ao merge app-1", url: "https://ao.local/s/app-1" } }),
    );
    expect(discord.requests[0]?.query.wait).toBe("true");
    expect(embed().title).toBe("app\\-1: PR #7 is ready to merge".replace("#", "\\#"));
    expect(embed().url).toBe("https://ao.local/s/app-1");
    expect(embed().color).toBe(0xfbca04);
    expect(embed().fields).toEqual(
      expect.arrayContaining([
        { name: "PR", value: "[#7](https://example.invalid/acme/app/pull/7)", inline: true },
        { name: "Dashboard", value: "[Open in dashboard](https://ao.local/s/app-1)", inline: true },
        { name: "Act", value: "`ao merge app-1`" },
      ]),
    );
    expect(discord.messages[0]?.allowed_mentions).toEqual({ parse: [] });
  });

  it("adds the issue link and a batch summary as fields", async () => {
    const plugin = discordNotifier(discord.webhookUrl, seams);
    await plugin.notify(
      sampleNotification({
        kind: "summary",
        issue: { id: "42", url: "https://example.invalid/acme/app/issues/42" },
        summary: { sessions: ["app-1", "app_2"], merged: 2, stuck: 0, killed: 1 },
      }),
    );
    expect(embed().fields).toEqual(
      expect.arrayContaining([
        { name: "Issue", value: "[issue 42](https://example.invalid/acme/app/issues/42)", inline: true },
        { name: "Batch", value: "2 merged · 0 need a human · 1 killed" },
        { name: "Sessions", value: "app\\-1, app\\_2" },
      ]),
    );
  });

  it("colours each priority, unknown ones as info", async () => {
    const plugin = discordNotifier(discord.webhookUrl, seams);
    for (const priority of ["urgent", "action", "warning", "info", "newer"])
      await plugin.notify(sampleNotification({ priority: priority as "info" }));
    const colours = discord.messages.map((m) => (m.embeds[0] as Embed).color);
    expect(new Set(colours.slice(0, 4)).size).toBe(4);
    expect(colours[4]).toBe(colours[3]);
  });

  it("makes hostile text inert and fits Discord's limits (the fake refuses anything over them)", async () => {
    const plugin = discordNotifier(discord.webhookUrl, seams);
    const n = hostileNotification();
    await plugin.notify({ ...n, title: `${n.title} ${"x".repeat(400)}` });
    const e = embed();
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.description.length).toBeLessThanOrEqual(4096);
    expect(e.description.endsWith("…")).toBe(true);
    expect(e.title).not.toContain("@everyone");
    expect(e.title).toContain("@\u200beveryone");
    expect(e.title).toContain("\\[click\\]\\(javascript");
    expect(e.description).toContain("\\<@\u200bU123\\>");
    expect(discord.messages[0]?.content).toBeUndefined();
  });

  it("honours Discord's precise retry_after from a 429 body", async () => {
    discord.fault(discordRateLimited(0.75));
    const plugin = discordNotifier(discord.webhookUrl, seams);
    await plugin.notify(sampleNotification());
    expect(waits).toEqual([750]);
    expect(discord.messages).toHaveLength(1);
  });

  it("reports an unknown webhook as HTTP 404 without its token", async () => {
    const plugin = discordNotifier(`${discord.url}/api/webhooks/1/gone-token-secret`, seams);
    const error = await plugin.notify(sampleNotification()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AoError);
    expect((error as AoError).message).toMatch(/HTTP 404 .*Unknown Webhook/);
    expect((error as AoError).message).not.toContain("gone-token-secret");
  });

  it("tells the host both forms of the webhook URL are secrets", async () => {
    const secrets: string[] = [];
    await discordNotifier(discord.webhookUrl).setup?.(testHost("/nonexistent", {}, secrets));
    expect(secrets).toEqual([discord.webhookUrl, `${discord.webhookUrl}?wait=true`]);
  });

  it("refuses an unset variable or a plain-http URL at creation", async () => {
    const unset = await expectAoError(
      () => notifierDiscord({ webhookUrlEnv: "AO_TEST_DISCORD_UNSET" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(unset.message).toContain("AO_TEST_DISCORD_UNSET");
    process.env.AO_TEST_DISCORD_WEBHOOK = "http://discord.example.com/api/webhooks/1/secret-token";
    const plain = await expectAoError(
      () => notifierDiscord({ webhookUrlEnv: "AO_TEST_DISCORD_WEBHOOK" }),
      "PLUGIN_OPTION_INVALID",
    );
    expect(JSON.stringify([plain.message, (plain as AoError).hint])).not.toContain("secret-token");
  });
});
