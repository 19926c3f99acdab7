import { notifierContract } from "@ao/plugin-kit";
import { startWebhookReceiver } from "@ao/testkit";
import notifierWebhook from "../src/index.js";

// Each fixture gets its own receiver and env var, so the checks cannot see each other's deliveries.
let seq = 0;

notifierContract({
  name: "@ao/notifier-webhook",
  async setup() {
    const secret = `whsec-contract-${++seq}-${"s".repeat(24)}`;
    const receiver = await startWebhookReceiver({ secret });
    const variable = `AO_TEST_WEBHOOK_SECRET_${seq}`;
    process.env[variable] = secret;
    const plugin = notifierWebhook({ url: receiver.endpoint, secretEnv: variable, attempts: 1 });
    return {
      plugin,
      // Only deliveries whose signature the receiver verified count as received.
      received: async () => receiver.deliveries.map((d) => d.raw),
      secrets: [secret],
      breakDelivery: () =>
        receiver.fault(...Array.from({ length: 5 }, () => ({ status: 410, body: "gone" }))),
      cleanup: async () => {
        delete process.env[variable];
        await receiver.close();
      },
    };
  },
});
