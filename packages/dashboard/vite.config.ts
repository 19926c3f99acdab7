import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// JSX goes through esbuild's automatic runtime with Preact's import source:
// no framework plugin is needed. The app is built into dist/ next to the
// Node entry that exports its path (tsup writes that one afterwards).
export default defineConfig({
  root: fileURLToPath(new URL("./app", import.meta.url)),
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // A strict CSP (`default-src 'self'`) forbids inline scripts and data: modules.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
