import { defineConfig } from "vitest/config";

export default defineConfig({
  // The fixture tree holds package sources (and a test file) that must never run.
  // Package lint tests pack and type-check real packages: seconds each on a busy machine.
  test: { include: ["src/**/*.test.ts", "test/*.test.ts"], testTimeout: 120_000 },
});
