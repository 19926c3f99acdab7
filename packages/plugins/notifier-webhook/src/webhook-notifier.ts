import { randomUUID } from "node:crypto";
import type { NotifierPlugin, PluginHost } from "@ao/core";
import { type DeliveryOptions, postWithRetry } from "@ao/plugin-kit/http-delivery";
import { signatureHeaders, webhookPayload } from "./payload.js";

export const PLUGIN = "@ao/notifier-webhook";

/** Delivery limits and the test seams (sleep, clock, jitter) of {@link postWithRetry}. */
export type WebhookDelivery = Pick<
  DeliveryOptions,
  "timeoutMs" | "attempts" | "sleep" | "now" | "random" | "maxWaitMs" | "baseDelayMs"
>;

/** Where to POST and the signing secret, both already read from the environment. */
export interface WebhookTarget {
  url: string;
  /** True when the URL came from an env var (it may hold a credential): then it is masked too. */
  urlIsSecret: boolean;
  secret: string;
}

/** The notifier itself: signs each body with the secret and POSTs it. */
export function webhookNotifier(
  target: WebhookTarget,
  delivery: WebhookDelivery = {},
): Omit<NotifierPlugin, "slot" | "name"> {
  let host: PluginHost | undefined;
  return {
    setup(given) {
      host = given;
      host.secret?.(target.secret);
      if (target.urlIsSecret) host.secret?.(target.url);
    },
    async notify(n) {
      const now = delivery.now?.() ?? host?.now() ?? Date.now();
      const body = JSON.stringify(webhookPayload(n, randomUUID(), now));
      await postWithRetry(
        {
          url: target.url,
          body,
          // Signed once: a retry carries the same timestamp, well inside the receiver's 5-minute window.
          headers: { ...signatureHeaders(target.secret, body, now), "user-agent": "ao-notifier-webhook" },
          target: `${PLUGIN}: the webhook endpoint`,
        },
        delivery,
      );
    },
  };
}
