/**
 * How long a service asked us to wait, in ms, from a `Retry-After` header
 * (delta-seconds or an HTTP date) or a JSON body's `retry_after` (seconds, as
 * Discord and Slack's Web API send it). Undefined when neither says.
 */
export function retryAfterMs(
  header: string | null | undefined,
  body: string | undefined,
  now: number,
): number | undefined {
  const fromBody = bodyRetryAfter(body);
  if (fromBody !== undefined) return fromBody;
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

// The body's value is more precise than the header (Discord sends fractions of a second there).
function bodyRetryAfter(body: string | undefined): number | undefined {
  if (!body || body.length > 10_000 || !body.trimStart().startsWith("{")) return undefined;
  try {
    const value = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof value === "number" && Number.isFinite(value) && value >= 0
      ? Math.ceil(value * 1000)
      : undefined;
  } catch {
    return undefined;
  }
}
