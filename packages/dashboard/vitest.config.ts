import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/**/*.test.ts", "app/src/**/*.test.ts"], testTimeout: 30_000 },
});
