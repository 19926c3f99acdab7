import { AoError } from "@ao/core";

/**
 * The errors a delivery raises. None names the URL: chat webhook URLs carry
 * their credential in the path, so only the caller's `target` label is used.
 */
export const deliveryErrors = {
  status: (target: string, status: number, detail: string) =>
    new AoError({
      code: "NOTIFY_HTTP_STATUS",
      message: `${target} refused the notification with HTTP ${status}${detail ? ` (${detail})` : ""}.`,
      hint:
        status === 401 || status === 403 || status === 404 || status === 410
          ? "The URL or token is wrong, revoked or deleted: create a new one and export it in the env var the config names."
          : "Check the notifier's options in ao.config.ts against the service's documentation.",
    }),
  rejected: (target: string, detail: string) =>
    new AoError({
      code: "NOTIFY_REJECTED",
      message: `${target} refused the notification: ${detail}.`,
      hint: "Check the notifier's token, channel and options in ao.config.ts.",
    }),
  unreachable: (target: string, attempts: number, reason: string) =>
    new AoError({
      code: "NOTIFY_UNREACHABLE",
      message: `${target} could not be reached after ${attempts} attempt(s): ${reason}.`,
      hint: "Check the network and the service's status; ao keeps working and reports the next notification as usual.",
    }),
  gaveUp: (target: string, attempts: number, last: string) =>
    new AoError({
      code: "NOTIFY_GAVE_UP",
      message: `${target} still failed after ${attempts} attempt(s) (last: ${last}); the notification was dropped.`,
      hint: "The service is down or rate-limiting ao: see `ao status` for failed notifications, and check the service's status page.",
    }),
};

/** A network failure's code (ECONNREFUSED, ...) without its message, which may quote the URL. */
export function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "no answer before the timeout";
  }
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return "network error";
}
