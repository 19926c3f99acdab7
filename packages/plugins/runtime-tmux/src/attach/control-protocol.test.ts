import { describe, expect, it } from "vitest";
import { hexKeys, LineSplitter, parseControlLine, unescapeOctal } from "./control-protocol.js";

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("tmux control-mode lines", () => {
  it("turns %output's octal escapes back into bytes and keeps every other byte as it is", () => {
    // ESC [31m, a backslash, invalid UTF-8 (0xe8 0x81 alone), CR LF.
    const line = Buffer.concat([
      bytes("%output %3 \\033[31mred\\134"),
      Buffer.from([0xe8, 0x81]),
      bytes("\\015\\012"),
    ]);
    const parsed = parseControlLine(line);
    expect(parsed).toEqual({
      type: "output",
      pane: "%3",
      data: new Uint8Array([...bytes("\x1b[31mred\\"), 0xe8, 0x81, 0x0d, 0x0a]),
    });
  });

  it("leaves a backslash that is not a full octal escape alone", () => {
    expect(Buffer.from(unescapeOctal(bytes("a\\9b\\01"))).toString("latin1")).toBe("a\\9b\\01");
  });

  it("knows blocks, exit and everything else", () => {
    expect(parseControlLine(bytes("%begin 1795915757 292 1"))).toEqual({ type: "begin", flags: "1" });
    expect(parseControlLine(bytes("%end 1795915757 292 1")).type).toBe("end");
    expect(parseControlLine(bytes("%error 1795915757 292 1")).type).toBe("error");
    expect(parseControlLine(bytes("%exit"))).toEqual({ type: "exit", reason: "" });
    expect(parseControlLine(bytes("%exit server exited"))).toEqual({ type: "exit", reason: "server exited" });
    expect(parseControlLine(bytes("%layout-change @1 a87e,100x30,0,0,1")).type).toBe("text");
  });

  it("splits a byte stream into lines across chunk boundaries", () => {
    const split = new LineSplitter();
    expect(split.push(bytes("%output %1 a")).length).toBe(0);
    const lines = split.push(bytes("b\n%exit\n%beg"));
    expect(lines.map((l) => Buffer.from(l).toString())).toEqual(["%output %1 ab", "%exit"]);
    expect(split.push(bytes("in 1 2 1\n")).map((l) => Buffer.from(l).toString())).toEqual(["%begin 1 2 1"]);
  });

  it("types bytes as hex so tmux reads no key names", () => {
    expect(hexKeys(new Uint8Array([0x03, 0x1b, 0x5b, 0x41, 0x3b, 0xff]))).toEqual([
      "03",
      "1b",
      "5b",
      "41",
      "3b",
      "ff",
    ]);
  });
});
