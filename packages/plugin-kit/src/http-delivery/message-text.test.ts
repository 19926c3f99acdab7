import { describe, expect, it } from "vitest";
import { credentialSafeUrl, fitEscaped, httpLink, secretFromEnv } from "./message-text.js";
import { retryAfterMs } from "./retry-after.js";

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("fitEscaped", () => {
  it("escapes text that fits as it is", () => {
    expect(fitEscaped("a < b", 100, html)).toBe("a &lt; b");
  });

  it("never cuts an escape sequence in half, and marks the cut", () => {
    const text = "<".repeat(1000);
    for (const max of [1, 5, 6, 7, 50, 151]) {
      const out = fitEscaped(text, max, html);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith("…")).toBe(true);
      expect(out.slice(0, -1)).toMatch(/^(&lt;)*$/);
    }
  });

  it("does not leave half a surrogate pair", () => {
    const out = fitEscaped("😀".repeat(10), 6, (s) => s);
    expect(out).toBe("😀😀…");
  });
});

describe("retryAfterMs", () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    ["2", undefined, 2000],
    ["0.5", undefined, 500],
    [new Date(now + 7000).toUTCString(), undefined, 7000],
    [new Date(now - 7000).toUTCString(), undefined, 0],
    ["1", '{"retry_after": 0.125}', 125],
    [null, '{"retry_after": "soon"}', undefined],
    ["later", undefined, undefined],
    [null, "not json", undefined],
  ])("header %s, body %s → %s ms", (header, body, expected) => {
    expect(retryAfterMs(header, body, now)).toBe(expected);
  });
});

describe("httpLink and credentialSafeUrl", () => {
  it("keeps only http(s) links", () => {
    expect(httpLink("https://github.com/a/b/pull/1")).toBe("https://github.com/a/b/pull/1");
    expect(httpLink("javascript:alert(1)")).toBeUndefined();
    expect(httpLink("not a url")).toBeUndefined();
  });

  it("allows plain http for credentials only to this machine", () => {
    expect(credentialSafeUrl("https://slack.com/api")).toBe(true);
    expect(credentialSafeUrl("http://127.0.0.1:9999/api")).toBe(true);
    expect(credentialSafeUrl("http://slack.example.com/api")).toBe(false);
    expect(credentialSafeUrl("ftp://127.0.0.1/")).toBe(false);
  });
});

describe("secretFromEnv", () => {
  it("reads the variable, and names it (never a value) when it is missing", () => {
    expect(secretFromEnv("@ao/x", "tokenEnv", "T", { T: " v " })).toBe("v");
    expect(() => secretFromEnv("@ao/x", "tokenEnv", "T", {})).toThrow(
      '@ao/x: option "tokenEnv" names the environment variable T, which is not set.',
    );
  });
});
