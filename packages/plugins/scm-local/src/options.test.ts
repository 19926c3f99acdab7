import { describe, expect, it } from "vitest";
import { bareRepoPath } from "./repo.js";
import scmLocal from "./index.js";

describe("options", () => {
  it.each([
    [{ ci: "" }, "ci"],
    [{ ci: 3 }, "ci"],
    [{ ciTimeout: "soon" }, "ciTimeout"],
    [{ ciTimeout: "0s" }, "ciTimeout"],
    [{ mergeMethod: "rebase" }, "mergeMethod"],
    [{ trustedAuthors: "alice" }, "trustedAuthors"],
    [{ cii: "npm test" }, "cii"],
  ])("rejects %j naming the option", (options, name) => {
    expect(() => scmLocal(options as never)).toThrow(
      expect.objectContaining({ code: "PLUGIN_OPTION_INVALID" }),
    );
    expect(() => scmLocal(options as never)).toThrow(`option "${name}"`);
  });

  it("accepts valid options", () => {
    const scm = scmLocal({ ci: "npm test", ciTimeout: "2m", mergeMethod: "squash", trustedAuthors: ["a"] });
    expect(scm).toMatchObject({ slot: "scm", name: "@ao/scm-local" });
  });
});

describe("bareRepoPath", () => {
  it("resolves paths against the project and file URLs to paths", () => {
    expect(bareRepoPath("/srv/r.git", "/p")).toBe("/srv/r.git");
    expect(bareRepoPath("../r.git", "/p/app")).toBe("/p/r.git");
    expect(bareRepoPath("file:///srv/r.git", "/p")).toBe("/srv/r.git");
  });

  it("rejects remote URLs with a clear error", () => {
    expect(() => bareRepoPath("https://github.com/a/b.git", "/p")).toThrow(/not a local bare repository/);
    expect(() => bareRepoPath("git@github.com:a/b.git", "/p")).toThrow(/not a local bare repository/);
  });
});
