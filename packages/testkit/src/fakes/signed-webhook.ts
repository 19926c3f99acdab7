import { createHmac, timingSafeEqual } from "node:crypto";
import { AoError, type WebhookRequest } from "@ao/core";

/** The `x-ao-signature` value the fakes expect for a body: `sha256=<hex hmac>`. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * The fakes' webhook format: a JSON array of events (or one event), signed in
 * `x-ao-signature`. Throws WEBHOOK_SIGNATURE_INVALID before reading the body
 * when the signature does not match.
 */
export function readSignedEvents<T>(name: string, secret: string, request: WebhookRequest): T[] {
  const expected = Buffer.from(signBody(secret, request.body));
  const given = Buffer.from(request.headers["x-ao-signature"] ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AoError({
      code: "WEBHOOK_SIGNATURE_INVALID",
      message: `${name}: the webhook delivery's x-ao-signature does not match its body.`,
      hint: "Check that the sender and ao use the same secret.",
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString("utf8"));
  } catch (error) {
    throw new AoError({
      code: "WEBHOOK_BODY_INVALID",
      message: `${name}: the webhook body is not JSON.`,
      hint: "Send the events as a JSON array (or one JSON object).",
      cause: error,
    });
  }
  return (Array.isArray(parsed) ? parsed : [parsed]) as T[];
}
