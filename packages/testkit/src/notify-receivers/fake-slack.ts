import {
  json,
  type NotificationReceiver,
  parseJson,
  type ReceivedRequest,
  type Reply,
  startReceiver,
} from "./receiver.js";

/** A message the fake Slack accepted (webhook or chat.postMessage). */
export interface SlackMessage {
  via: "webhook" | "api";
  channel?: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
  raw: string;
}

/** A local Slack: incoming webhooks under `/services/...` and the Web API's `chat.postMessage` under `/api`. */
export interface FakeSlack extends NotificationReceiver {
  /** The incoming-webhook URL (its path is the credential, as on Slack). */
  readonly webhookUrl: string;
  /** Point a notifier's `apiBaseUrl` here. */
  readonly apiBaseUrl: string;
  /** The bot token chat.postMessage accepts. */
  readonly botToken: string;
  /** Messages accepted, in order. */
  readonly messages: SlackMessage[];
}

const WEBHOOK_PATH = "/services/T0AOTEST/B0AOTEST/aoTestWebhookSecret0001";
const BOT_TOKEN = "xoxb-ao-test-0000-secret";
// Slack's Block Kit limits, enforced so a formatter that overflows them fails here as it would there.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

function blocksProblem(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return "invalid_blocks";
  for (const block of blocks as Array<{ type?: string; text?: { text?: string }; elements?: unknown[] }>) {
    const text = block.text?.text ?? "";
    if (block.type === "header" && text.length > HEADER_MAX) return "invalid_blocks";
    if (block.type === "section" && text.length > SECTION_MAX) return "invalid_blocks";
    if (block.type === "context" && (block.elements?.length ?? 0) > 10) return "invalid_blocks";
  }
  return undefined;
}

/** Start a fake Slack on a local port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const messages: SlackMessage[] = [];
  let seq = 0;
  const nextTs = () => `1767225600.${String(++seq).padStart(6, "0")}`;

  const webhook = (req: ReceivedRequest): Reply => {
    if (req.path !== WEBHOOK_PATH) return { status: 404, body: "no_service" };
    const payload = parseJson(req.body) as { text?: string; blocks?: SlackMessage["blocks"] } | undefined;
    if (!payload || typeof payload !== "object") return { status: 400, body: "invalid_payload" };
    if (!payload.text && !payload.blocks) return { status: 400, body: "no_text" };
    if (blocksProblem(payload.blocks)) return { status: 400, body: "invalid_blocks" };
    messages.push({
      via: "webhook",
      ts: nextTs(),
      text: payload.text,
      blocks: payload.blocks,
      raw: req.body,
    });
    return { status: 200, headers: { "content-type": "text/html" }, body: "ok" };
  };

  const postMessage = (req: ReceivedRequest): Reply => {
    const auth = req.headers.authorization;
    if (!auth) return json(200, { ok: false, error: "not_authed" });
    if (auth !== `Bearer ${BOT_TOKEN}`) return json(200, { ok: false, error: "invalid_auth" });
    const payload = parseJson(req.body) as Partial<SlackMessage> | undefined;
    if (!payload || typeof payload !== "object") return json(200, { ok: false, error: "invalid_json" });
    if (!payload.channel) return json(200, { ok: false, error: "channel_not_found" });
    if (!payload.text && !payload.blocks) return json(200, { ok: false, error: "no_text" });
    const problem = blocksProblem(payload.blocks);
    if (problem) return json(200, { ok: false, error: problem });
    if (
      payload.thread_ts &&
      !messages.some((m) => m.ts === payload.thread_ts && m.channel === payload.channel)
    )
      return json(200, { ok: false, error: "thread_not_found" });
    const ts = nextTs();
    const channel = `C${payload.channel.replace(/^#/, "").toUpperCase().slice(0, 8)}`;
    messages.push({
      via: "api",
      channel: payload.channel,
      ts,
      ...(payload.thread_ts ? { thread_ts: payload.thread_ts } : {}),
      text: payload.text,
      blocks: payload.blocks,
      raw: req.body,
    });
    return json(200, { ok: true, channel, ts, message: { text: payload.text, ts } });
  };

  const receiver = await startReceiver((req) => {
    if (req.method !== "POST") return { status: 405, body: "method_not_allowed" };
    if (req.path === "/api/chat.postMessage") return postMessage(req);
    return webhook(req);
  });
  return Object.assign(receiver, {
    webhookUrl: `${receiver.url}${WEBHOOK_PATH}`,
    apiBaseUrl: `${receiver.url}/api`,
    botToken: BOT_TOKEN,
    messages,
  });
}

/** Slack's rate-limit answer (HTTP 429 with Retry-After in seconds). */
export const slackRateLimited = (retryAfterSeconds: number) => ({
  status: 429,
  headers: { "retry-after": String(retryAfterSeconds), "content-type": "application/json" },
  body: JSON.stringify({ ok: false, error: "ratelimited" }),
});
