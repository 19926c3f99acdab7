import { Webhooks } from "@octokit/webhooks";
import { githubErrors } from "./errors.js";

/** A verified GitHub delivery. */
export interface VerifiedDelivery {
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  event: string;
  /** `X-GitHub-Delivery`: one GUID per event, kept on redelivery (dedupe on it). */
  deliveryId: string;
  /** `X-GitHub-Hook-ID`, when sent. */
  hookId: string | undefined;
  payload: Record<string, unknown>;
}

export interface VerifyOptions {
  /** The secret, plus older ones still accepted while rotating. */
  secrets: string[];
  /** Bodies over this many bytes are refused before any work (default 5 MB; GitHub caps at 25 MB). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const verifiers = new Map<string, Webhooks>();

/** One verifier per secret: a delivery passes when any configured secret signed it (rotation). */
function verifier(secret: string): Webhooks {
  let w = verifiers.get(secret);
  if (!w) {
    w = new Webhooks({ secret });
    verifiers.set(secret, w);
  }
  return w;
}

async function signedByAny(secrets: string[], text: string, signature: string): Promise<boolean> {
  for (const secret of secrets) {
    if (
      await verifier(secret)
        .verify(text, signature)
        .catch(() => false)
    )
      return true;
  }
  return false;
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const hit = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return hit?.[1];
}

/**
 * Verify a delivery's `X-Hub-Signature-256` over the raw body (constant time,
 * by @octokit/webhooks) and parse it. Throws WEBHOOK_TOO_LARGE before reading
 * an oversized body, WEBHOOK_SIGNATURE_INVALID on a missing or wrong
 * signature, WEBHOOK_MALFORMED on missing headers or a body that is not JSON.
 */
export async function verifyDelivery(
  request: { headers: Record<string, string | undefined>; body: Buffer },
  options: VerifyOptions,
): Promise<VerifiedDelivery> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (request.body.length > max) throw githubErrors.webhookTooLarge(request.body.length, max);
  const secrets = options.secrets.filter((s) => s.length > 0);
  if (secrets.length === 0) throw githubErrors.webhookSignature();
  const signature = header(request.headers, "x-hub-signature-256");
  if (!signature?.startsWith("sha256=")) throw githubErrors.webhookSignature();
  const text = request.body.toString("utf8");
  if (!(await signedByAny(secrets, text, signature))) throw githubErrors.webhookSignature();
  const event = header(request.headers, "x-github-event");
  const deliveryId = header(request.headers, "x-github-delivery");
  if (!event || !deliveryId)
    throw githubErrors.webhookMalformed("X-GitHub-Event or X-GitHub-Delivery is missing");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw githubErrors.webhookMalformed("the body is not JSON");
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload))
    throw githubErrors.webhookMalformed("the body is not a JSON object");
  return {
    event,
    deliveryId,
    hookId: header(request.headers, "x-github-hook-id"),
    payload: payload as Record<string, unknown>,
  };
}
