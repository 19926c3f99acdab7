import { errors } from "@ao/core";

/**
 * Escape `text` for a format and fit it in `max` characters: truncating first
 * and escaping after, so a cut never splits an escape sequence; ends in `…`
 * when anything was cut.
 */
export function fitEscaped(text: string, max: number, escapeFor: (s: string) => string): string {
  const whole = escapeFor(text);
  if (whole.length <= max) return whole;
  // A lone high surrogate left by the cut would be invalid UTF-16 on the wire.
  const cutTo = (keep: number) => `${escapeFor(text.slice(0, keep).replace(/[\ud800-\udbff]$/, ""))}…`;
  // Escaping grows text unevenly: binary-search the longest raw prefix whose escaped form fits.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cutTo(mid).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return max < 1 ? "" : cutTo(lo).slice(0, max);
}

/** `url` when it is an absolute http(s) URL (safe to render as a link), else undefined. */
export function httpLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value of the env var an option names, for credentials that must stay
 * out of config files. Throws the plugin-option error naming the variable
 * (never its value) when it is unset or empty.
 */
export function secretFromEnv(
  plugin: string,
  option: string,
  variable: string,
  env: Record<string, string | undefined> = process.env,
): string {
  const value = env[variable]?.trim();
  if (!value) {
    throw errors.pluginOption(
      plugin,
      option,
      `names the environment variable ${variable}, which is not set`,
      `Export ${variable} before running ao (its value is never printed).`,
    );
  }
  return value;
}

/**
 * True when `url` may carry a credential in the clear: https anywhere, plain
 * http only to this machine (local test servers, a local relay).
 */
export function credentialSafeUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:") return true;
    return parsed.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  } catch {
    return false;
  }
}
