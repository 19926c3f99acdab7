import { notifierContract } from "@ao/plugin-kit";
import { startFakeSlack, tempDir, testHost } from "@ao/testkit";
import notifierSlack from "../src/index.js";

// Each fixture gets its own fake Slack and env var, so the checks cannot see each other's messages.
let seq = 0;

notifierContract({
  name: "@ao/notifier-slack (incoming webhook)",
  async setup() {
    const slack = await startFakeSlack();
    const variable = `AO_TEST_SLACK_WEBHOOK_${++seq}`;
    process.env[variable] = slack.webhookUrl;
    const plugin = notifierSlack({ webhookUrlEnv: variable, attempts: 1 });
    return {
      plugin,
      received: async () => slack.messages.map((m) => m.raw),
      secrets: [slack.webhookUrl, new URL(slack.webhookUrl).pathname],
      breakDelivery: () =>
        slack.fault(...Array.from({ length: 5 }, () => ({ status: 404, body: "no_service" }))),
      cleanup: async () => {
        delete process.env[variable];
        await slack.close();
      },
    };
  },
});

notifierContract({
  name: "@ao/notifier-slack (bot token, threads)",
  async setup() {
    const slack = await startFakeSlack();
    const home = await tempDir();
    const variable = `AO_TEST_SLACK_TOKEN_${++seq}`;
    process.env[variable] = slack.botToken;
    const plugin = notifierSlack({
      botTokenEnv: variable,
      channel: "#ao",
      apiBaseUrl: slack.apiBaseUrl,
      attempts: 1,
    });
    await plugin.setup?.(testHost(home.path));
    return {
      plugin,
      received: async () => slack.messages.map((m) => m.raw),
      secrets: [slack.botToken],
      breakDelivery: () => slack.fault(...Array.from({ length: 5 }, () => ({ status: 500, body: "" }))),
      cleanup: async () => {
        delete process.env[variable];
        await slack.close();
        await home.cleanup();
      },
    };
  },
});
