import type { Notification, NotifierPlugin, PluginHost } from "@ao/core";
import { type DeliveryOptions, type DeliveryVerdict, postWithRetry } from "@ao/plugin-kit/http-delivery";
import { slackMessage } from "./slack-blocks.js";
import { ThreadStore } from "./thread-store.js";

export const PLUGIN = "@ao/notifier-slack";

/** Where and how to deliver, credentials already read from the environment. */
export type SlackTarget =
  | { mode: "webhook"; webhookUrl: string }
  | { mode: "bot"; token: string; channel: string; apiBaseUrl: string };

type BotTarget = Extract<SlackTarget, { mode: "bot" }>;

/** Delivery limits and the test seams (sleep, clock, jitter) of {@link postWithRetry}. */
export type SlackDelivery = Pick<
  DeliveryOptions,
  "timeoutMs" | "attempts" | "sleep" | "now" | "random" | "maxWaitMs" | "baseDelayMs"
>;

/** Slack's Web API answers 200 with `{ ok: false, error }`; `ratelimited` is worth a retry. */
function readApiAnswer({ status, body }: { status: number; body: string }): DeliveryVerdict {
  if (status === 429) return "retry";
  if (status !== 200) return undefined;
  let parsed: { ok?: unknown; error?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { fail: "the answer was not JSON" };
  }
  if (parsed.ok === true) return "ok";
  const error = typeof parsed.error === "string" ? parsed.error.replace(/[^a-z0-9_]/gi, "").slice(0, 60) : "";
  return error === "ratelimited" ? "retry" : { fail: `Slack error "${error || "unknown"}"` };
}

/** The notifier itself: the plugin's `create` hands it validated options. */
export function slackNotifier(
  target: SlackTarget,
  delivery: SlackDelivery = {},
): Omit<NotifierPlugin, "slot" | "name"> {
  let host: PluginHost | undefined;
  let threads = new ThreadStore(undefined, undefined);
  // One chain per session, so two notifications at once cannot both start a thread.
  const queues = new Map<string, Promise<unknown>>();

  const postWebhook = async (webhookUrl: string, n: Notification) => {
    await postWithRetry(
      {
        url: webhookUrl,
        body: JSON.stringify(slackMessage(n)),
        target: `${PLUGIN}: the Slack webhook`,
      },
      delivery,
    );
  };

  const postMessage = async (bot: BotTarget, n: Notification, threadTs: string | undefined) => {
    const answer = await postWithRetry(
      {
        url: `${bot.apiBaseUrl.replace(/\/$/, "")}/chat.postMessage`,
        body: JSON.stringify({
          channel: bot.channel,
          ...slackMessage(n),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
        headers: {
          authorization: `Bearer ${bot.token}`,
          "content-type": "application/json; charset=utf-8",
        },
        target: `${PLUGIN}: Slack's chat.postMessage`,
      },
      { ...delivery, classify: readApiAnswer },
    );
    return (JSON.parse(answer.body) as { ts?: string }).ts;
  };

  const postThreaded = async (bot: BotTarget, n: Notification) => {
    const at = host?.now() ?? n.at;
    const ts = await threads.get(n.project, n.sessionId, bot.channel);
    try {
      const posted = await postMessage(bot, n, ts);
      if (!ts && posted) await threads.set(n.project, n.sessionId, bot.channel, posted, at);
    } catch (error) {
      // The thread's first message was deleted: start a new thread rather than lose the notification.
      if (!ts || !String((error as Error).message).includes("thread_not_found")) throw error;
      host?.log.info("Slack thread gone; starting a new one", { session: n.sessionId });
      const posted = await postMessage(bot, n, undefined);
      await threads.set(n.project, n.sessionId, bot.channel, posted, at);
    }
  };

  return {
    setup(given) {
      host = given;
      host.secret?.(target.mode === "webhook" ? target.webhookUrl : target.token);
      threads = new ThreadStore(host.home, host.log);
    },
    notify(n) {
      if (target.mode === "webhook") return postWebhook(target.webhookUrl, n);
      const key = `${n.project}\u0000${n.sessionId}`;
      const bot = target;
      const run = (queues.get(key) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => postThreaded(bot, n));
      queues.set(key, run);
      void run
        .finally(() => {
          if (queues.get(key) === run) queues.delete(key);
        })
        .catch(() => undefined);
      return run;
    },
  };
}
