import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertText } from "./inert-text.js";
import { fenceData } from "./naming.js";

/** Any control a terminal would act on: C0 but tab and newline, DEL, C1. */
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Text rich in escapes and controls, so the properties meet them often. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        "\x1b",
        "\x1b[",
        "\x1b[201~",
        "\x1b[200~",
        "\x1b]0;title\x07",
        "\x1bP",
        "\x9b",
        "\x9c",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "\x03",
        "\x04",
        "\x15",
        "\x1a",
        "\x00",
        "\x7f",
      ),
      fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    ),
  )
  .map((parts) => parts.join(""));

describe("inertText", () => {
  it("leaves no active control character in any text", () => {
    fc.assert(fc.property(hostile, (text) => !ACTIVE.test(inertText(text))));
  });

  it("is idempotent", () => {
    fc.assert(fc.property(hostile, (text) => inertText(inertText(text)) === inertText(text)));
  });

  it("returns text without control characters unchanged", () => {
    const plain = fc.string({ unit: "grapheme" }).filter((t) => !ACTIVE.test(t) && !t.includes("\r"));
    fc.assert(fc.property(plain, (text) => inertText(text) === text));
  });

  it("only removes characters, never adds any but newlines for carriage returns", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = inertText(text);
        const newlines = (s: string) => s.split("\n").length - 1;
        return out.length <= text.length && newlines(out) <= newlines(text) + text.split("\r").length - 1;
      }),
    );
  });

  it("strips the keys that would kill, suspend or end a reader", () => {
    expect(inertText("a\x03b\x1ac\x15d\x04e\x00f\x7fg\x1c")).toBe("abcdefg");
  });

  it("removes escape sequences whole, with their parameters", () => {
    expect(inertText("before\x1b[201~after")).toBe("beforeafter");
    expect(inertText("\x1b[1;31mred\x1b[0m")).toBe("red");
    expect(inertText("x\x9b201~y")).toBe("xy");
    expect(inertText("\x1b]0;evil title\x07text")).toBe("text");
    expect(inertText("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\")).toBe("link");
    expect(inertText("\x1bPq#0;2;0;0;0\x1b\\done")).toBe("done");
    expect(inertText("\x1b(Bkeep\x1b7\x1bc")).toBe("keep");
  });

  it("keeps tabs and lines, turning carriage returns into newlines", () => {
    expect(inertText("a\tb\r\nc\rd\n")).toBe("a\tb\nc\nd\n");
  });

  it("keeps the text after an unterminated sequence, made harmless", () => {
    expect(inertText("ok\x1b]0;never ends")).toBe("ok0;never ends");
  });
});

describe("fenceData", () => {
  it("fences outside text with its control characters stripped", () => {
    const fenced = fenceData("CI log", "error\x03\x1b[201~\x1b[31m red\x1b[0m\r\nnext");
    expect(fenced).toContain("error red\nnext");
    expect(ACTIVE.test(fenced)).toBe(false);
  });
});
