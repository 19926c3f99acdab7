import {
  json,
  type NotificationReceiver,
  parseJson,
  type ReceivedRequest,
  type Reply,
  startReceiver,
} from "./receiver.js";

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
  timestamp?: string;
}

/** A message the fake Discord webhook accepted. */
export interface DiscordMessage {
  id: string;
  content?: string;
  embeds: Embed[];
  allowed_mentions?: { parse?: string[] };
  raw: string;
}

/** A local Discord webhook endpoint: `POST /api/webhooks/<id>/<token>`. */
export interface FakeDiscord extends NotificationReceiver {
  /** The webhook URL (its token is the credential, as on Discord). */
  readonly webhookUrl: string;
  readonly messages: DiscordMessage[];
}

const WEBHOOK_PATH = "/api/webhooks/1300000000000000000/aoTestDiscordToken-secret";

// Discord's documented embed limits; going over is a 400 "Invalid Form Body" there too.
function embedsProblem(content: unknown, embeds: Embed[]): string | undefined {
  if (typeof content === "string" && content.length > 2000)
    return "content: Must be 2000 or fewer in length.";
  if (embeds.length > 10) return "embeds: Must be 10 or fewer in length.";
  let total = 0;
  for (const e of embeds) {
    if ((e.title?.length ?? 0) > 256) return "embeds.0.title: Must be 256 or fewer in length.";
    if ((e.description?.length ?? 0) > 4096) return "embeds.0.description: Must be 4096 or fewer in length.";
    if ((e.fields?.length ?? 0) > 25) return "embeds.0.fields: Must be 25 or fewer in length.";
    for (const f of e.fields ?? []) {
      if (!f.name || !f.value) return "embeds.0.fields: name and value are required.";
      if (f.name.length > 256 || f.value.length > 1024) return "embeds.0.fields: field too long.";
      total += f.name.length + f.value.length;
    }
    if ((e.footer?.text.length ?? 0) > 2048) return "embeds.0.footer.text: Must be 2048 or fewer in length.";
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) return "embeds.0.url: Not a well formed URL.";
  }
  return total > 6000 ? "embeds: total length exceeds 6000." : undefined;
}

/** Start a fake Discord webhook on a local port. */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const messages: DiscordMessage[] = [];
  let seq = 0;
  const handle = (req: ReceivedRequest): Reply => {
    if (req.method !== "POST") return json(405, { message: "405: Method Not Allowed", code: 0 });
    if (req.path !== WEBHOOK_PATH) return json(404, { message: "Unknown Webhook", code: 10015 });
    const payload = parseJson(req.body) as {
      content?: string;
      embeds?: Embed[];
      allowed_mentions?: DiscordMessage["allowed_mentions"];
    };
    if (!payload || typeof payload !== "object")
      return json(400, { message: "Cannot send an empty message", code: 50006 });
    const embeds = Array.isArray(payload.embeds) ? payload.embeds : [];
    if (!payload.content && embeds.length === 0)
      return json(400, { message: "Cannot send an empty message", code: 50006 });
    const problem = embedsProblem(payload.content, embeds);
    if (problem) return json(400, { message: "Invalid Form Body", code: 50035, errors: problem });
    const id = String(1400000000000000000n + BigInt(++seq));
    messages.push({
      id,
      ...(payload.content ? { content: payload.content } : {}),
      embeds,
      ...(payload.allowed_mentions ? { allowed_mentions: payload.allowed_mentions } : {}),
      raw: req.body,
    });
    // Without ?wait=true Discord answers 204 and no message object.
    if (req.query.wait !== "true") return { status: 204 };
    return json(200, {
      id,
      type: 0,
      channel_id: "1300000000000000001",
      content: payload.content ?? "",
      embeds,
    });
  };
  const receiver = await startReceiver(handle);
  return Object.assign(receiver, { webhookUrl: `${receiver.url}${WEBHOOK_PATH}`, messages });
}

/** Discord's rate-limit answer: 429, Retry-After in whole seconds, and the precise `retry_after` in the body. */
export const discordRateLimited = (retryAfterSeconds: number) => ({
  status: 429,
  headers: { "retry-after": String(Math.ceil(retryAfterSeconds)), "content-type": "application/json" },
  body: JSON.stringify({
    message: "You are being rate limited.",
    retry_after: retryAfterSeconds,
    global: false,
  }),
});
