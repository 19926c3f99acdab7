import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editTrust, setTrust } from "./trust.js";

const USER = `# my settings
model = "o3"

[projects."/mine"]
trust_level = "trusted"

[mcp_servers.docs]
command = "docs-mcp"
`;

describe("editTrust", () => {
  it("appends a table for a new path and removes it again, byte for byte", () => {
    const trusted = editTrust(USER, "/w/s1", true);
    expect(trusted).toBe(`${USER}\n[projects."/w/s1"]\ntrust_level = "trusted"\n`);
    expect(editTrust(trusted, "/w/s1", true)).toBe(trusted);
    expect(editTrust(trusted, "/w/s1", false)).toBe(USER);
  });

  it("sets trust inside an existing table, and on untrust keeps the table's other keys", () => {
    const text = `[projects."/w/s1"]\ntrust_level = "untrusted"\nnote = "mine"\n\n[other]\nx = 1\n`;
    const trusted = editTrust(text, "/w/s1", true);
    expect(trusted).toBe(`[projects."/w/s1"]\ntrust_level = "trusted"\nnote = "mine"\n\n[other]\nx = 1\n`);
    expect(editTrust(trusted, "/w/s1", false)).toBe(`[projects."/w/s1"]\nnote = "mine"\n\n[other]\nx = 1\n`);
  });

  it("quotes a path with quotes and backslashes as a TOML basic string", () => {
    const path = '/w/we"ird\\path é';
    expect(editTrust("", path, true)).toBe(`[projects."/w/we\\"ird\\\\path é"]\ntrust_level = "trusted"\n`);
    expect(editTrust(editTrust("", path, true), path, false)).toBe("");
  });

  it("never touches a different path's table", () => {
    expect(editTrust(USER, "/min", false)).toBe(USER);
    expect(editTrust(USER, "/mine/sub", false)).toBe(USER);
  });
});

describe("setTrust", () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir("ao-codex-trust-");
  });
  afterEach(() => tmp.cleanup());

  it("creates a missing config.toml, keeps the user's file otherwise, and serializes parallel edits", async () => {
    const file = join(tmp.path, "codex", "config.toml");
    await setTrust(file, "/w/a", true);
    expect(await readFile(file, "utf8")).toBe('[projects."/w/a"]\ntrust_level = "trusted"\n');
    await writeFile(file, USER);
    await Promise.all(Array.from({ length: 8 }, (_, i) => setTrust(file, `/w/s${i}`, true)));
    const text = await readFile(file, "utf8");
    expect(text.startsWith(USER)).toBe(true);
    for (let i = 0; i < 8; i++) expect(text).toContain(`[projects."/w/s${i}"]`);
    await Promise.all(Array.from({ length: 8 }, (_, i) => setTrust(file, `/w/s${i}`, false)));
    expect(await readFile(file, "utf8")).toBe(USER);
  });

  it("untrust of a missing file creates nothing", async () => {
    await setTrust(join(tmp.path, "none", "config.toml"), "/w/a", false);
    await expect(readFile(join(tmp.path, "none", "config.toml"))).rejects.toThrow();
  });
});
