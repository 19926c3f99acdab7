import { describe, expect, it } from "vitest";
import { cacheableConfig } from "./home-cache.js";

describe("cacheableConfig", () => {
  it("accepts a config that imports only ao's own packages", () => {
    const text = `import { defineConfig } from "@ao/cli";\nimport tmux from '@ao/runtime-tmux';\nexport default defineConfig({ projects: {} });`;
    expect(cacheableConfig(text)).toBe(true);
  });

  it.each([
    ['import { x } from "./x";'],
    ['export * from "../shared";'],
    ['import "side-effect";'],
    ['import { readFileSync } from "node:fs";'],
    ['import plugin from "ao-plugin-acme";'],
    ['const m = await import("./x");'],
    ['const m = require("./x");'],
    ['const fs = process.getBuiltinModule("fs");'],
    ['const m = eval("1");'],
    ['const r = await fetch("https://example.com/ao.json");'],
  ])("refuses what the cache key cannot see: %s", (line) => {
    expect(cacheableConfig(`import { defineConfig } from "@ao/cli";\n${line}`)).toBe(false);
  });
});
