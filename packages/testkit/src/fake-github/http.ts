/** Request/response types shared by the fake's route modules, and GitHub's error bodies. */

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The authenticated login, or null for an anonymous request. */
  login: string | null;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** GraphQL point cost charged to the graphql budget (default 1). */
  cost?: number;
  /** The GraphQL operation name, for the request log. */
  graphqlOperation?: string;
  /** Plain-text body instead of JSON. */
  text?: string;
}

export type RouteHandler = (
  req: ApiRequest,
  params: Record<string, string>,
) => ApiResponse | Promise<ApiResponse>;

/** An error the fake answers as GitHub does: `{ message, documentation_url, status }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return {
      message: this.message,
      documentation_url: "https://docs.github.com/rest",
      status: String(this.status),
      ...this.extra,
    };
  }
}

export const notFound = (): HttpError => new HttpError(404, "Not Found");

/** 422 with GitHub's `errors` array. */
export function unprocessable(message: string, field?: string, code = "invalid"): HttpError {
  return new HttpError(422, message, field ? { errors: [{ resource: "Issue", field, code }] } : {});
}

export class Router {
  private readonly routes: Array<{ method: string; pattern: RegExp; keys: string[]; handler: RouteHandler }> =
    [];

  /** Register `METHOD /path/:param` (a param matches one segment). */
  on(method: string, path: string, handler: RouteHandler): void {
    const keys: string[] = [];
    // `:number` and `:id` are digits only, so `/pulls/comments` never reads as PR "comments".
    const source = path.replace(/:(\w+)/g, (_, k: string) => {
      keys.push(k);
      return k === "number" || k === "id" ? "(\\d+)" : "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
  }

  /** The matching handler; `methodMismatch` when only the method is wrong. */
  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | "none" | "method" {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { handler: r.handler, params };
    }
    return pathMatched ? "method" : "none";
  }
}

/** A page of `items` and GitHub's Link header for it (`page`, `per_page` ≤ 100). */
export function paginate<T>(
  req: ApiRequest,
  baseUrl: string,
  items: T[],
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
  const pageNo = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number, rel: string): string => {
    const q = new URLSearchParams(req.query);
    q.set("per_page", String(perPage));
    q.set("page", String(n));
    return `<${baseUrl}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(link(pageNo - 1, "prev"));
  if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
  if (pageNo > 1) links.push(link(1, "first"));
  return { page, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

export function bodyObject(req: ApiRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body !== "object" || Array.isArray(req.body))
    throw new HttpError(400, "Problems parsing JSON");
  return req.body as Record<string, unknown>;
}

export function stringField(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw unprocessable(`Invalid request.\n\n"${key}" wasn't supplied.`, key, "missing_field");
    return undefined;
  }
  if (typeof v !== "string")
    throw unprocessable(`Invalid request.\n\nFor '${key}', ${JSON.stringify(v)} is not a string.`, key);
  return v;
}

export function stringList(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" && typeof x !== "object")) {
    throw unprocessable(`Invalid request.\n\nFor '${key}', ${JSON.stringify(v)} is not an array.`, key);
  }
  // Labels may be given as names or as { name } objects.
  return v.map((x) => (typeof x === "string" ? x : String((x as { name?: unknown }).name ?? "")));
}
