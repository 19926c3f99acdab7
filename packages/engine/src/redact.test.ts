import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { learnSecret, REDACTED, redactor, textRedactor } from "./redact.js";

// Learned secrets are process-wide: each test uses values of its own.
const fresh = () => `gho_${randomBytes(12).toString("hex")}`;

describe("secrets learned at run time", () => {
  it("are masked by redactors made before and after they were learned, raw and JSON-escaped", () => {
    const token = fresh();
    const before = textRedactor(["configured-secret"]);
    const beforeJson = redactor([]);
    expect(before(`token ${token}`)).toBe(`token ${token}`);
    learnSecret(`${token}\n`);
    const after = textRedactor([]);
    for (const mask of [before, after]) expect(mask(`token ${token}`)).toBe(`token ${REDACTED}`);
    expect(before("configured-secret")).toBe(REDACTED);
    const line = JSON.stringify({ error: `bad "${token}"` });
    expect(JSON.parse(beforeJson(line))).toEqual({ error: `bad "${REDACTED}"` });
  });

  it("ignores values too short to mask safely", () => {
    learnSecret("abc");
    expect(textRedactor([])("abc abc")).toBe("abc abc");
  });
});
