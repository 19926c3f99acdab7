/**
 * A link from hostile data (a PR's URL from the SCM) is followed only when it
 * is plain http(s): a `javascript:` or `data:` URL would run in the daemon's origin.
 */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
