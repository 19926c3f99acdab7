import { describe, expect, it } from "vitest";
import { importSpecifiers, packageOf } from "./imports.js";

describe("importSpecifiers", () => {
  it("finds static, type-only, multi-line, re-export, side-effect, dynamic and require forms", () => {
    const code = [
      'import a from "a";',
      "import type { B } from 'b';",
      "import {",
      "  c,",
      "  d,",
      '} from "c";',
      'export * from "e";',
      'export { f } from "f";',
      'import "g";',
      'const h = await import("h");',
      'const i = require("i");',
    ].join("\n");
    expect(importSpecifiers(code)).toEqual(["a", "b", "c", "e", "f", "g", "h", "i"]);
  });

  it("ignores JSDoc examples and strings that only look like imports", () => {
    const code = [
      "/**",
      ' * import x from "@ao/engine";',
      " */",
      'const s = "import y from \\"@ao/cli\\"";',
    ].join("\n");
    expect(importSpecifiers(code)).toEqual([]);
  });
});

describe("packageOf", () => {
  it("names the package of a bare specifier", () => {
    expect(packageOf("@ao/core")).toBe("@ao/core");
    expect(packageOf("@ao/core/dist/x.js")).toBe("@ao/core");
    expect(packageOf("yaml/util")).toBe("yaml");
    expect(packageOf("./x.js")).toBeNull();
    expect(packageOf("node:fs")).toBeNull();
  });
});
