import { describe, expect, it } from "vitest";
import { splitLongLines } from "./deliver.js";

describe("splitLongLines", () => {
  it("leaves short lines alone and cuts long ones at character boundaries within the byte limit", () => {
    expect(splitLongLines("a\nbb\n", 4)).toBe("a\nbb\n");
    expect(splitLongLines("abcdefghij", 4)).toBe("abcd\nefgh\nij");
    const cut = splitLongLines("日本語日本語", 7).split("\n");
    expect(cut).toEqual(["日本", "語日", "本語"]);
    for (const piece of cut) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(7);
  });
});
