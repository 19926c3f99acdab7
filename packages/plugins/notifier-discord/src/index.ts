import { definePlugin, errors, type OptionInput, type OptionSpecs } from "@ao/core";
import { credentialSafeUrl, secretFromEnv } from "@ao/plugin-kit/http-delivery";
import { discordNotifier, PLUGIN } from "./discord-notifier.js";

export { discordMessage, escapeDiscord } from "./discord-embed.js";

const OPTIONS = {
  webhookUrlEnv: {
    type: "string",
    required: true,
    doc: "Env var holding the channel's webhook URL (it holds the webhook's token: never put it in the config).",
    example: "DISCORD_WEBHOOK_URL",
  },
  timeout: { type: "duration", default: "5s", doc: "How long one attempt may take." },
  attempts: {
    type: "number",
    integer: true,
    min: 1,
    max: 5,
    default: 3,
    doc: "Requests per notification, retries on 429/5xx/network errors included (waits honour `retry_after`, 10 s at most in all).",
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/notifier-discord`. */
export type NotifierDiscordOptions = OptionInput<typeof OPTIONS>;

/** `@ao/notifier-discord`: one embed per notification through a channel webhook; mentions never ping. */
export default definePlugin({
  slot: "notifier",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const webhookUrl = secretFromEnv(PLUGIN, "webhookUrlEnv", options.webhookUrlEnv);
    if (!credentialSafeUrl(webhookUrl))
      throw errors.pluginOption(
        PLUGIN,
        "webhookUrlEnv",
        `names ${options.webhookUrlEnv}, which does not hold an https URL`,
        "Copy the webhook URL from the channel's Integrations settings (https://discord.com/api/webhooks/...).",
      );
    return discordNotifier(webhookUrl, { timeoutMs: options.timeout, attempts: options.attempts });
  },
});
