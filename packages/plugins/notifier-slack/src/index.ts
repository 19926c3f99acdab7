import { definePlugin, errors, type OptionInput, type OptionSpecs } from "@ao/core";
import { credentialSafeUrl, secretFromEnv } from "@ao/plugin-kit/http-delivery";
import { PLUGIN, type SlackTarget, slackNotifier } from "./slack-notifier.js";

export { escapeMrkdwn, slackMessage } from "./slack-blocks.js";

const OPTIONS = {
  webhookUrlEnv: {
    type: "string",
    doc: "Env var holding an incoming-webhook URL (the URL is a credential: never put it in the config). Used when no bot token is set.",
    example: "SLACK_WEBHOOK_URL",
  },
  botTokenEnv: {
    type: "string",
    doc: "Env var holding a bot token (`xoxb-...`, scope `chat:write`): posts with chat.postMessage, one thread per session.",
    example: "SLACK_BOT_TOKEN",
  },
  channel: {
    type: "string",
    doc: "Channel ID or name the bot posts to (with `botTokenEnv`; invite the bot there first).",
    example: "C0123456789",
  },
  apiBaseUrl: {
    type: "string",
    default: "https://slack.com/api",
    doc: "Slack Web API base URL (a relay or test server); plain http only to this machine.",
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

/** Options of `@ao/notifier-slack`. */
export type NotifierSlackOptions = OptionInput<typeof OPTIONS>;

/** `@ao/notifier-slack`: Block Kit messages by incoming webhook, or by bot token with one thread per session. */
export default definePlugin({
  slot: "notifier",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    let target: SlackTarget;
    if (options.botTokenEnv) {
      if (!options.channel)
        throw errors.pluginOption(
          PLUGIN,
          "channel",
          "is required with botTokenEnv",
          'Add channel: "C0123456789".',
        );
      if (!credentialSafeUrl(options.apiBaseUrl))
        throw errors.pluginOption(
          PLUGIN,
          "apiBaseUrl",
          "must be an https URL (plain http only to 127.0.0.1 or localhost), since the bot token travels with it",
          'Remove it to use "https://slack.com/api".',
        );
      const token = secretFromEnv(PLUGIN, "botTokenEnv", options.botTokenEnv);
      target = { mode: "bot", token, channel: options.channel, apiBaseUrl: options.apiBaseUrl };
    } else if (options.webhookUrlEnv) {
      const webhookUrl = secretFromEnv(PLUGIN, "webhookUrlEnv", options.webhookUrlEnv);
      if (!credentialSafeUrl(webhookUrl))
        throw errors.pluginOption(
          PLUGIN,
          "webhookUrlEnv",
          `names ${options.webhookUrlEnv}, which does not hold an https URL`,
          "Copy the incoming-webhook URL from the Slack app's settings (https://hooks.slack.com/services/...).",
        );
      target = { mode: "webhook", webhookUrl };
    } else {
      throw errors.pluginOption(
        PLUGIN,
        "webhookUrlEnv",
        "or botTokenEnv (with channel) is required",
        'Add webhookUrlEnv: "SLACK_WEBHOOK_URL" and export that variable, or botTokenEnv and channel.',
      );
    }
    return slackNotifier(target, { timeoutMs: options.timeout, attempts: options.attempts });
  },
});
