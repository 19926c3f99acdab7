import { defineConfig } from "vitest/config";

// One engine (found or started) and the test image for all files; an engine started here takes a while.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 180_000, globalSetup: ["test/global-setup.ts"] },
});
