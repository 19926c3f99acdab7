export {
  discordRateLimited,
  type DiscordMessage,
  type FakeDiscord,
  startFakeDiscord,
} from "./fake-discord.js";
export { type FakeSlack, type SlackMessage, slackRateLimited, startFakeSlack } from "./fake-slack.js";
export {
  type NotificationReceiver,
  type ReceivedRequest,
  type ReceiverFault,
  startReceiver,
} from "./receiver.js";
export {
  startWebhookReceiver,
  type VerifiedDelivery,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  webhookSignatureProblem,
} from "./webhook-receiver.js";
