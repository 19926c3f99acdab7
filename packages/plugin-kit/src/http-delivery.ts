/**
 * Run-time helper for notifier plugins (no vitest): one POST with a timeout,
 * bounded retries with backoff that honour Retry-After, and errors that never
 * quote the URL (chat webhook URLs are credentials).
 */
export { deliveryErrors } from "./http-delivery/delivery-errors.js";
export {
  type DeliveryOptions,
  type DeliveryRequest,
  type DeliveryResponse,
  type DeliveryVerdict,
  postWithRetry,
} from "./http-delivery/post.js";
export { retryAfterMs } from "./http-delivery/retry-after.js";
export { credentialSafeUrl, fitEscaped, httpLink, secretFromEnv } from "./http-delivery/message-text.js";
