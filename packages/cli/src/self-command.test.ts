import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { selfCommand } from "./self-command.js";

describe("selfCommand", () => {
  const dir = mkdtempSync(join(tmpdir(), "ao self 'cmd' "));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is a shell command that runs this node on the bin script beside the module, whatever its path", () => {
    writeFileSync(join(dir, "bin.js"), "process.stdout.write(JSON.stringify(process.argv.slice(2)));\n");
    const command = selfCommand(process.execPath, pathToFileURL(join(dir, "chunk-x.js")).href);
    expect(command).not.toBeNull();
    // As a hook runs it: through the shell, with its own arguments after it.
    const out = execFileSync("sh", ["-c", `eval "$AO_BIN" report done`], {
      env: { AO_BIN: command as string },
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual(["report", "done"]);
  });

  it("is null where there is no built bin script (the sources run under a test runner)", () => {
    expect(selfCommand(process.execPath, pathToFileURL(join(dir, "nested", "x.js")).href)).toBeNull();
  });
});
