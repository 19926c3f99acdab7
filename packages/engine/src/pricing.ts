import type { AgentUsage, ModelPrice } from "@ao/core";

/**
 * Built-in prices, USD per million tokens, as the vendors' pricing pages
 * listed them in November 2025 (docs/agents.md says the same). Config
 * `pricing` adds models or overrides these. A model name matches its longest
 * listed prefix, so dated ids (`claude-sonnet-4-5-20250929`) find their family.
 */
export const DEFAULT_PRICING: Readonly<Record<string, ModelPrice>> = {
  "claude-opus-4-5": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-opus-4": { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  "claude-sonnet-4": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-3-7-sonnet": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  "claude-3-5-haiku": { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  "gpt-5": { input: 1.25, output: 10, cacheRead: 0.125 },
  "gpt-5-mini": { input: 0.25, output: 2, cacheRead: 0.025 },
  "gpt-5-nano": { input: 0.05, output: 0.4, cacheRead: 0.005 },
  "gpt-4.1": { input: 2, output: 8, cacheRead: 0.5 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  "o4-mini": { input: 1.1, output: 4.4, cacheRead: 0.275 },
};

/** The price of a model: an exact entry, else the longest prefix (config entries first); null when unknown. */
export function priceOf(model: string, table: Readonly<Record<string, ModelPrice>>): ModelPrice | null {
  const name = model.toLowerCase();
  if (table[name]) return table[name] ?? null;
  let best: string | null = null;
  for (const key of Object.keys(table)) {
    if (name.startsWith(key.toLowerCase()) && (best === null || key.length > best.length)) best = key;
  }
  return best === null ? null : (table[best] ?? null);
}

/** The cost of cumulative usage, or null (and the models) when a model has no price. */
export function costOf(
  usage: readonly AgentUsage[],
  table: Readonly<Record<string, ModelPrice>>,
): { usd: number; unpriced: string[] } {
  let usd = 0;
  const unpriced: string[] = [];
  for (const u of usage) {
    const p = priceOf(u.model, table);
    if (!p) {
      unpriced.push(u.model);
      continue;
    }
    usd +=
      (u.input * p.input +
        u.output * p.output +
        u.cacheRead * (p.cacheRead ?? p.input) +
        u.cacheWrite * (p.cacheWrite ?? p.input)) /
      1_000_000;
  }
  return { usd, unpriced };
}
