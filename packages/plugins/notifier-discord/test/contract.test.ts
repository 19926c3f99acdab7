import { notifierContract } from "@ao/plugin-kit";
import { startFakeDiscord } from "@ao/testkit";
import notifierDiscord from "../src/index.js";

// Each fixture gets its own fake Discord and env var, so the checks cannot see each other's messages.
let seq = 0;

notifierContract({
  name: "@ao/notifier-discord",
  async setup() {
    const discord = await startFakeDiscord();
    const variable = `AO_TEST_DISCORD_WEBHOOK_${++seq}`;
    process.env[variable] = discord.webhookUrl;
    const plugin = notifierDiscord({ webhookUrlEnv: variable, attempts: 1 });
    return {
      plugin,
      received: async () => discord.messages.map((m) => m.raw),
      secrets: [discord.webhookUrl, new URL(discord.webhookUrl).pathname.split("/").pop() ?? ""],
      breakDelivery: () =>
        discord.fault(
          ...Array.from({ length: 5 }, () => ({
            status: 404,
            body: '{"message":"Unknown Webhook","code":10015}',
          })),
        ),
      cleanup: async () => {
        delete process.env[variable];
        await discord.close();
      },
    };
  },
});
