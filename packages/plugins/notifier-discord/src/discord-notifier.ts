import type { NotifierPlugin } from "@ao/core";
import { type DeliveryOptions, postWithRetry } from "@ao/plugin-kit/http-delivery";
import { discordMessage } from "./discord-embed.js";

export const PLUGIN = "@ao/notifier-discord";

/** Delivery limits and the test seams (sleep, clock, jitter) of {@link postWithRetry}. */
export type DiscordDelivery = Pick<
  DeliveryOptions,
  "timeoutMs" | "attempts" | "sleep" | "now" | "random" | "maxWaitMs" | "baseDelayMs"
>;

/** The webhook URL with `wait=true`, so Discord answers only once the message exists (and says why not). */
export function withWait(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set("wait", "true");
  return url.href;
}

/** The notifier itself: the plugin's `create` hands it the webhook URL read from the environment. */
export function discordNotifier(
  webhookUrl: string,
  delivery: DiscordDelivery = {},
): Omit<NotifierPlugin, "slot" | "name"> {
  const url = withWait(webhookUrl);
  return {
    setup(host) {
      host.secret?.(webhookUrl);
      host.secret?.(url);
    },
    async notify(n) {
      await postWithRetry(
        { url, body: JSON.stringify(discordMessage(n)), target: `${PLUGIN}: the Discord webhook` },
        delivery,
      );
    },
  };
}
