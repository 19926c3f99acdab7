import { describe, expect, it } from "vitest";
import { limitWait } from "./request-policy.js";

describe("limitWait", () => {
  it("honours Retry-After first", () => {
    expect(limitWait(429, { "retry-after": "7" }, "", 0)).toBe(7000);
    expect(limitWait(403, { "retry-after": "0", "x-ratelimit-remaining": "0" }, "", 0)).toBe(0);
  });
  it("waits for the reset when the primary budget is spent", () => {
    expect(limitWait(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "100" }, "", 40_000)).toBe(
      60_000,
    );
  });
  it("backs off a minute on a secondary limit without Retry-After", () => {
    const msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
    expect(limitWait(403, { "x-ratelimit-remaining": "4000" }, msg, 0)).toBe(60_000);
  });
  it("is no limit for a plain 403 or another status", () => {
    expect(
      limitWait(403, { "x-ratelimit-remaining": "4000" }, "Resource not accessible by integration", 0),
    ).toBeNull();
    expect(limitWait(500, { "retry-after": "3" }, "", 0)).toBeNull();
    expect(limitWait(404, {}, "Not Found", 0)).toBeNull();
  });
});
