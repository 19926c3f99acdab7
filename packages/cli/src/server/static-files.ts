import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, sep } from "node:path";
import { errors } from "@ao/core";

/** Headers on every page: no inline script, no framing, no sniffing, no referrer leaving the daemon. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** Vite puts content-hashed files under `assets/`: their name changes with their content. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Refuse a path that could leave the dashboard's directory or confuse the
 * file system, before it is touched: `..` (however encoded; `parts` are
 * already decoded), a decoded `/` or `\` inside a segment, NUL, or a drive
 * letter. Returns the relative file path.
 */
export function safeRelativePath(parts: readonly string[]): string {
  for (const part of parts) {
    if (part === "." || part === ".." || /[/\\\0]/.test(part) || /^[a-zA-Z]:/.test(part)) {
      throw errors.badRequest("the path leaves the dashboard's files");
    }
  }
  return parts.join("/");
}

/** A file of the build, or undefined when there is none (the directory is re-checked through symlinks). */
async function findFile(root: string, relative: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const base = await realpath(root);
    const path = await realpath(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) return undefined;
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(res: ServerResponse, file: { path: string; size: number }, cache: string): void {
  res.writeHead(200, {
    ...PAGE_HEADERS,
    "content-type": TYPES[extname(file.path).toLowerCase()] ?? "application/octet-stream",
    "content-length": file.size,
    "cache-control": cache,
  });
  createReadStream(file.path)
    .on("error", () => res.destroy())
    .pipe(res);
}

/**
 * A GET of the single-page app: a file of the build when the path names one,
 * `index.html` for every other (client-side) route. A missing file under
 * `assets/` is a 404: a stale page asking for an old bundle must not get HTML.
 */
export async function serveDashboardFile(root: string, parts: readonly string[], res: ServerResponse) {
  const relative = safeRelativePath(parts);
  const asset = parts[0] === "assets";
  const file = relative ? await findFile(root, relative) : undefined;
  if (file) return sendFile(res, file, asset ? IMMUTABLE : "no-cache");
  if (asset || /\.[a-z0-9]+$/i.test(relative)) return sendPage(res, 404, "Not found", "No such file.");
  const index = await findFile(root, "index.html");
  if (!index)
    return sendPage(res, 503, "Dashboard missing", "The dashboard's files are missing from this install.");
  sendFile(res, index, "no-cache");
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A tiny page of ao's own text, with the same headers and no script. */
export function sendPage(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ao: ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
  res.writeHead(status, {
    ...PAGE_HEADERS,
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

/** What a browser without a login sees instead of the dashboard: how to get in, and no data. */
export function sendLoginHint(res: ServerResponse): void {
  sendPage(
    res,
    401,
    "Log in to ao",
    "Open the login URL that `ao start` printed, or get a fresh one with `ao login-url` (or `ao dashboard`) on the machine that runs the daemon.",
  );
}
