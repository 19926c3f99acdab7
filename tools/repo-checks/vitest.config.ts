import { defineConfig } from "vitest/config";

export default defineConfig({
  // The fixture tree holds package sources (and a test file) that must never run.
  test: { include: ["src/**/*.test.ts", "test/*.test.ts"] },
});
