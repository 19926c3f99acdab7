import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (expectTypeOf) are checked by tsc, not just run.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
  },
});
