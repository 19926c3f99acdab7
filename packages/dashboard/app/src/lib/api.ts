/** An error answer of the daemon (`{ error: { code, message, hint } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      // The login cookie is HttpOnly and SameSite=Strict: the browser attaches it, scripts never see it.
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError("The daemon does not answer.", 0, "NETWORK", "Is `ao start` still running?");
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, a torn answer: reported below by status.
  }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: unknown; message?: unknown; hint?: unknown } } | null)?.error;
    throw new ApiError(
      typeof err?.message === "string" ? err.message : `The daemon answered ${res.status}.`,
      res.status,
      typeof err?.code === "string" ? err.code : `HTTP_${res.status}`,
      typeof err?.hint === "string" ? err.hint : undefined,
    );
  }
  if (parsed === null || typeof parsed !== "object")
    throw new ApiError("The daemon sent an answer that is not JSON.", res.status, "BAD_ANSWER");
  return parsed as T;
}

/** GET a JSON route of the daemon. */
export const getJson = <T>(path: string): Promise<T> => request<T>("GET", path);

/** POST a JSON body to an action route of the daemon. */
export const postJson = <T>(path: string, body: unknown = {}): Promise<T> => request<T>("POST", path, body);

/** A path segment from hostile text (a session id from the URL bar, a project name). */
export const seg = (value: string): string => encodeURIComponent(value);
