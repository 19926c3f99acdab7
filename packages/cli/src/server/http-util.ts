import type { IncomingMessage, ServerResponse } from "node:http";
import { AoError, isAoError } from "@ao/core";

const MAX_BODY = 1024 * 1024;

/** BODY_TOO_LARGE (413) for a body over `max` bytes. */
export function bodyTooLarge(max: number): AoError {
  return new AoError({
    code: "BODY_TOO_LARGE",
    message: `The request body is over ${max / (1024 * 1024)} MiB; nothing was read or recorded.`,
    hint: "Send a smaller body: API requests are small JSON objects, and webhook events ao maps are small.",
    kind: "usage",
  });
}

/** The raw request body (webhooks need the exact bytes to verify a signature). */
export async function readBody(req: IncomingMessage, max = MAX_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw bodyTooLarge(max);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parse a JSON object body; anything else is a 400. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  try {
    const value = JSON.parse(raw.toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AoError({
    code: "BAD_JSON",
    message: "The request body is not a JSON object.",
    hint: "Send a JSON object with content-type application/json.",
    kind: "usage",
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

// Codes whose HTTP status is not the default of their kind.
const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  LOGIN_INVALID: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  REQUEST_ID_REUSED: 409,
  MISDIRECTED_REQUEST: 421,
};

/** Errors as JSON, with a status that says whose fault it was. Internal errors hide their stack. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (isAoError(error) && error.kind !== "internal") {
    const status =
      STATUS[error.code] ?? (error.kind === "usage" ? 400 : error.code.endsWith("_NOT_FOUND") ? 404 : 422);
    if (status === 405) res.setHeader("allow", "GET, POST");
    sendJson(res, status, { error: error.toJSON() });
    return;
  }
  process.stderr.write(
    `internal error while serving a request: ${(error as Error)?.stack ?? String(error)}\n`,
  );
  sendJson(res, 500, { error: { code: "INTERNAL", message: "Internal error; see the daemon's output." } });
}

export function str(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw new AoError({
      code: "USAGE",
      message: `"${key}" must be a non-empty string.`,
      hint: `Send { "${key}": "..." } in the JSON body.`,
      kind: "usage",
    });
  }
  return value;
}
