import type { Options } from "tsup";

/**
 * The one build configuration every package re-uses: ESM + .d.ts from
 * `src/index.ts` (plus any extra entries, e.g. a CLI's `bin`).
 */
export function packageBuild(extra: Partial<Options> = {}): Options {
  return {
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    splitting: false,
    ...extra,
  };
}
