import { describe, expect, it } from "vitest";
import { parseRoute } from "./router.js";
import { safeHref } from "./safe-url.js";

describe("links from hostile data", () => {
  it("follows only http(s) URLs", () => {
    expect(safeHref("https://github.com/o/r/pull/3")).toBe("https://github.com/o/r/pull/3");
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(safeHref(" JAVASCRIPT:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,<script>x</script>")).toBeUndefined();
    expect(safeHref("not a url")).toBeUndefined();
    expect(safeHref(42)).toBeUndefined();
  });
});

describe("routes", () => {
  it("maps the app's paths and decodes a segment once", () => {
    expect(parseRoute("/")).toEqual({ name: "board" });
    expect(parseRoute("/projects/my%20app")).toEqual({ name: "board", project: "my app" });
    expect(parseRoute("/prs")).toEqual({ name: "prs" });
    expect(parseRoute("/sessions/app-3")).toEqual({ name: "session", id: "app-3" });
    expect(parseRoute("/sessions/%E0%A4%A")).toEqual({ name: "session", id: "%E0%A4%A" });
    expect(parseRoute("/nope/x/y")).toEqual({ name: "not-found", path: "/nope/x/y" });
  });
});
