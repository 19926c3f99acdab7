import { errors } from "@ao/core";
import { describe, expect, it } from "vitest";
import { expectAoError } from "./expect-ao-error.js";

describe("expectAoError", () => {
  it("resolves with the error when the code matches", async () => {
    const error = await expectAoError(Promise.reject(errors.sessionNotFound("x")), "SESSION_NOT_FOUND");
    expect(error.message).toContain('"x"');
    await expectAoError(() => {
      throw errors.timeout("a call", 5);
    }, "TIMEOUT");
  });

  it("fails on success, on another code, and on a plain error", async () => {
    await expect(expectAoError(Promise.resolve(1), "X")).rejects.toThrow(/succeeded \(with 1\)/);
    await expect(expectAoError(Promise.reject(errors.timeout("a", 1)), "X")).rejects.toThrow(
      /got code TIMEOUT/,
    );
    await expect(expectAoError(Promise.reject(new Error("plain")), "X")).rejects.toThrow(/got Error: plain/);
  });
});
