/**
 * Module specifiers named by a TypeScript source file. Statement forms are
 * matched at the start of a line, so JSDoc examples (` * import x from "y"`)
 * do not count; dynamic `import("x")` and `require("x")` count anywhere.
 */
export function importSpecifiers(code: string): string[] {
  const found: Array<[number, string]> = [];
  const patterns = [
    /^[ \t]*(?:import|export)\b[^;'"`]*?\bfrom\s*["']([^"']+)["']/gm,
    /^[ \t]*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push([m.index, m[1] as string]);
  return found.sort((a, b) => a[0] - b[0]).map(([, spec]) => spec);
}

/** The package a bare specifier names (`@ao/core/x` -> `@ao/core`), or null for relative and `node:` ones. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}
