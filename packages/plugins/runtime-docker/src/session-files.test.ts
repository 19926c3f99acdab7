import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envFile, entrypointScript } from "./session-files.js";

describe("the env file and the entrypoint", () => {
  it("gives the program exactly the env file's variables, values byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), "ao-docker-env-"));
    try {
      const env = { AO_X: 'it\'s $(id) `x` "q"\nline two', TOKEN: "s3cr3t" };
      writeFileSync(join(dir, "env"), envFile({ ...env, "BAD-NAME": "dropped" }));
      // The entrypoint with /ao replaced by the temp dir, run by the host's sh.
      const script = entrypointScript(true).replace(". /ao/env", `. ${join(dir, "env")}`);
      writeFileSync(join(dir, "entry.sh"), script);
      const out = execFileSync(
        "sh",
        [join(dir, "entry.sh"), "node", "-e", "process.stdout.write(JSON.stringify(process.env))"],
        {
          env: { ...process.env, LEAKED_FROM_IMAGE: "1" },
          encoding: "utf8",
        },
      );
      const seen = JSON.parse(out) as Record<string, string>;
      expect(seen.AO_X).toBe(env.AO_X);
      expect(seen.TOKEN).toBe(env.TOKEN);
      expect(seen.LEAKED_FROM_IMAGE).toBeUndefined();
      expect(Object.keys(seen)).not.toContain("BAD-NAME");
      expect(readFileSync(join(dir, "env"), "utf8")).not.toContain("BAD-NAME");
      expect(statSync(join(dir, "env")).isFile()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
