import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AoError, isAoError } from "@ao/core";

const MAX_BODY = 1024 * 1024;

/** The raw request body (webhooks need the exact bytes to verify a signature). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new AoError({
        code: "BODY_TOO_LARGE",
        message: "The request body is over 1 MiB.",
        kind: "usage",
      });
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
  throw new AoError({ code: "BAD_JSON", message: "The request body is not a JSON object.", kind: "usage" });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Errors as JSON, with a status that says whose fault it was. Internal errors hide their stack. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (isAoError(error) && error.kind !== "internal") {
    const status =
      error.kind === "usage"
        ? 400
        : error.code === "UNAUTHORIZED"
          ? 401
          : error.code === "REQUEST_ID_REUSED"
            ? 409
            : error.code.endsWith("_NOT_FOUND")
              ? 404
              : 422;
    sendJson(res, status, { error: error.toJSON() });
    return;
  }
  process.stderr.write(
    `internal error while serving a request: ${(error as Error)?.stack ?? String(error)}\n`,
  );
  sendJson(res, 500, { error: { code: "INTERNAL", message: "Internal error; see the daemon's output." } });
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const unauthorized = (): AoError =>
  new AoError({
    code: "UNAUTHORIZED",
    message: "This endpoint acts on sessions and needs `Authorization: Bearer <token>`.",
    hint: "The token is in $AO_HOME/api-token (readable by its owner only).",
  });

export function str(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw new AoError({ code: "USAGE", message: `"${key}" must be a non-empty string.`, kind: "usage" });
  }
  return value;
}
