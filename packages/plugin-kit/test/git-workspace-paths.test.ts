import { describe, expect, it } from "vitest";
import { isInside, repoRelativePaths } from "../src/git-workspace.js";

describe("repoRelativePaths", () => {
  it("keeps paths inside the repository, normalised", () => {
    expect(repoRelativePaths("p", "copy", [".env", "config/./local.json", "a/../b"])).toEqual([
      ".env",
      "config/local.json",
      "b",
    ]);
  });

  it.each(["../up", "a/../../up", "/etc/passwd", "..", ".", ""])("rejects %j, naming the option", (entry) => {
    expect(() => repoRelativePaths("@ao/x", "symlink", [entry])).toThrow(/@ao\/x: option "symlink"/);
  });
});

describe("isInside", () => {
  it("does not mistake a sibling with a common prefix for a child", () => {
    expect(isInside("/r/repo", "/r/repo/a")).toBe(true);
    expect(isInside("/r/repo", "/r/repo")).toBe(true);
    expect(isInside("/r/repo", "/r/repo-evil/a")).toBe(false);
  });
});
