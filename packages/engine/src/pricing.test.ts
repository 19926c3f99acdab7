import { describe, expect, it } from "vitest";
import { costOf, DEFAULT_PRICING, priceOf } from "./pricing.js";

describe("pricing", () => {
  it("finds a model by its longest listed prefix, config entries included", () => {
    expect(priceOf("gpt-5-mini-2025-08-07", DEFAULT_PRICING)).toEqual(DEFAULT_PRICING["gpt-5-mini"]);
    expect(priceOf("gpt-5-codex", DEFAULT_PRICING)).toEqual(DEFAULT_PRICING["gpt-5"]);
    expect(priceOf("Claude-Opus-4-5-20251101", DEFAULT_PRICING)).toEqual(DEFAULT_PRICING["claude-opus-4-5"]);
    expect(priceOf("claude-opus-4-1", DEFAULT_PRICING)).toEqual(DEFAULT_PRICING["claude-opus-4"]);
    const table = { ...DEFAULT_PRICING, "gpt-5-codex": { input: 9, output: 9 } };
    expect(priceOf("gpt-5-codex-high", table)).toEqual({ input: 9, output: 9 });
    expect(priceOf("llama-3", DEFAULT_PRICING)).toBeNull();
  });

  it("prices each token kind, cache prices defaulting to input, and names what it cannot price", () => {
    const table = {
      m: { input: 2, output: 10 },
      c: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    };
    const { usd, unpriced } = costOf(
      [
        { model: "m", input: 1_000_000, output: 500_000, cacheRead: 1_000_000, cacheWrite: 0 },
        { model: "c", input: 0, output: 0, cacheRead: 1_000_000, cacheWrite: 1_000_000 },
        { model: "x", input: 5, output: 5, cacheRead: 0, cacheWrite: 0 },
      ],
      table,
    );
    expect(usd).toBeCloseTo(2 + 5 + 2 + 0.3 + 3.75, 9);
    expect(unpriced).toEqual(["x"]);
  });
});
