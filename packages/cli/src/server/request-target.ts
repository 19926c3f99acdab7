import { errors } from "@ao/core";

/** A request's path and query, parsed without trusting the request line. */
export interface RequestTarget {
  pathname: string;
  /** The path's segments, percent-decoded. */
  parts: string[];
  searchParams: URLSearchParams;
}

/**
 * Parse `req.url`. Only origin-form targets (`/path?query`) are served: an
 * absolute-form target (`http://other/...`) or a protocol-relative one (`//x`)
 * would let the request line name another host, and bad percent-encoding
 * would throw later where nothing catches it. Every such case is a 400.
 */
export function parseTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? "/";
  if (!target.startsWith("/") || target.startsWith("//")) {
    throw errors.badRequest("the request target must be a path starting with a single /");
  }
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
  } catch {
    throw errors.badRequest("the request target is not a valid path");
  }
  const parts: string[] = [];
  for (const segment of url.pathname.split("/")) {
    if (!segment) continue;
    try {
      parts.push(decodeURIComponent(segment));
    } catch {
      throw errors.badRequest("the path has invalid percent-encoding");
    }
  }
  return { pathname: url.pathname, parts, searchParams: url.searchParams };
}
