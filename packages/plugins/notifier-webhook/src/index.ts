import { definePlugin, errors, type OptionInput, type OptionSpecs } from "@ao/core";
import { httpLink, secretFromEnv } from "@ao/plugin-kit/http-delivery";
import { PLUGIN, webhookNotifier } from "./webhook-notifier.js";

export { PAYLOAD_VERSION, signatureHeaders, type WebhookPayload, webhookPayload } from "./payload.js";

const OPTIONS = {
  url: {
    type: "string",
    doc: "The endpoint to POST to (http or https). Use `urlEnv` instead when the URL holds a credential.",
    example: "https://ops.example.com/hooks/ao",
  },
  urlEnv: {
    type: "string",
    doc: "Env var holding the endpoint URL, masked like any secret (instead of `url`).",
    example: "AO_WEBHOOK_URL",
  },
  secretEnv: {
    type: "string",
    required: true,
    doc: "Env var holding the shared secret that signs each body (HMAC-SHA256); the receiver verifies with it.",
    example: "AO_WEBHOOK_SECRET",
  },
  timeout: { type: "duration", default: "5s", doc: "How long one attempt may take." },
  attempts: {
    type: "number",
    integer: true,
    min: 1,
    max: 5,
    default: 3,
    doc: "Requests per notification, retries on 429/5xx/network errors included (waits honour Retry-After, 10 s at most in all).",
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/notifier-webhook`. */
export type NotifierWebhookOptions = OptionInput<typeof OPTIONS>;

/** `@ao/notifier-webhook`: a versioned JSON body POSTed to any endpoint, signed with HMAC-SHA256. */
export default definePlugin({
  slot: "notifier",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    if (options.url && options.urlEnv)
      throw errors.pluginOption(PLUGIN, "urlEnv", "cannot be given with url", "Keep one of url and urlEnv.");
    if (!options.url && !options.urlEnv)
      throw errors.pluginOption(
        PLUGIN,
        "url",
        "(or urlEnv) is required",
        'Add url: "https://ops.example.com/hooks/ao".',
      );
    const url = options.url ?? secretFromEnv(PLUGIN, "urlEnv", options.urlEnv ?? "");
    if (!httpLink(url)) {
      throw errors.pluginOption(
        PLUGIN,
        options.url ? "url" : "urlEnv",
        "must be an http or https URL",
        'Write the full address, e.g. "https://ops.example.com/hooks/ao".',
      );
    }
    const secret = secretFromEnv(PLUGIN, "secretEnv", options.secretEnv);
    return webhookNotifier(
      { url, urlIsSecret: !options.url, secret },
      { timeoutMs: options.timeout, attempts: options.attempts },
    );
  },
});
