import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ECHO_SCRIPT, echoCommand, echoedLines, echoLine } from "./echo-program.js";

describe("the echo program", () => {
  it("prints each stdin line JSON-encoded, and echoedLines decodes them", () => {
    const [node, ...args] = echoCommand();
    const out = execFileSync(node!, args, { input: 'a "b" $(c)\nd 🚀\n', encoding: "utf8" });
    expect(echoedLines(out)).toEqual(['a "b" $(c)', "d 🚀"]);
    expect(out.split("\n")[0]).toBe(echoLine('a "b" $(c)'));
  });

  it("ignores lines that are not echoes, such as the command line itself", () => {
    expect(ECHO_SCRIPT).not.toContain("echo:");
    expect(echoedLines(`$ node -e '${ECHO_SCRIPT}'\nhello\necho:"x"\necho:"broken`)).toEqual(["x"]);
  });
});
