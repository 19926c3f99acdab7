import { createHmac, timingSafeEqual } from "node:crypto";
import {
  json,
  type NotificationReceiver,
  parseJson,
  type ReceivedRequest,
  startReceiver,
} from "./receiver.js";

/** A delivery the receiver verified and accepted. */
export interface VerifiedDelivery {
  timestamp: number;
  /** The parsed JSON body. */
  payload: Record<string, unknown>;
  raw: string;
}

/** A generic webhook endpoint that checks ao's HMAC signature the way the README tells receivers to. */
export interface WebhookReceiver extends NotificationReceiver {
  /** `POST` target for the notifier. */
  readonly endpoint: string;
  /** Deliveries whose signature and timestamp checked out. */
  readonly deliveries: VerifiedDelivery[];
  /** Requests refused, with why (bad signature, stale timestamp, not JSON). */
  readonly refused: Array<{ reason: string; request: ReceivedRequest }>;
}

export interface WebhookReceiverOptions {
  secret: string;
  /** Largest accepted clock difference in seconds (default 300). */
  toleranceSeconds?: number;
  /** The receiver's clock in ms (default Date.now). */
  now?(): number;
}

/** Why a request fails ao's webhook signature scheme, or undefined when it verifies. */
export function webhookSignatureProblem(
  secret: string,
  headers: Record<string, string>,
  body: string,
  nowMs: number,
  toleranceSeconds = 300,
): string | undefined {
  const timestamp = headers["x-ao-timestamp"] ?? "";
  const signature = headers["x-ao-signature"] ?? "";
  if (!/^\d+$/.test(timestamp)) return "missing or malformed x-ao-timestamp";
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds)
    return "timestamp outside the replay window";
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return "signature does not match";
  return undefined;
}

/** Start a webhook receiver on a local port that verifies every delivery with `secret`. */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const deliveries: VerifiedDelivery[] = [];
  const refused: WebhookReceiver["refused"] = [];
  const now = options.now ?? Date.now;
  const receiver = await startReceiver((req) => {
    if (req.method !== "POST" || req.path !== "/hooks/ao") return json(404, { error: "not found" });
    const problem = webhookSignatureProblem(
      options.secret,
      req.headers,
      req.body,
      now(),
      options.toleranceSeconds,
    );
    if (problem) {
      refused.push({ reason: problem, request: req });
      return json(401, { error: problem });
    }
    const payload = parseJson(req.body);
    if (!payload || typeof payload !== "object") {
      refused.push({ reason: "body is not a JSON object", request: req });
      return json(400, { error: "body is not a JSON object" });
    }
    deliveries.push({
      timestamp: Number(req.headers["x-ao-timestamp"]),
      payload: payload as Record<string, unknown>,
      raw: req.body,
    });
    return json(200, { received: true });
  });
  return Object.assign(receiver, { endpoint: `${receiver.url}/hooks/ao`, deliveries, refused });
}
