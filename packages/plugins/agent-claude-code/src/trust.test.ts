import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import { setTrust } from "./trust.js";

let tmp: TempDir;
let file: string;
beforeEach(async () => {
  tmp = await tempDir("ao-claude-trust-");
  file = join(tmp.path, ".claude.json");
});
afterEach(() => tmp.cleanup());

const read = async () => JSON.parse(await readFile(file, "utf8"));

it("creates a missing file with the one entry, and removes the entry again", async () => {
  expect(await setTrust(file, "/w/s1", true)).toBe(true);
  expect(await read()).toEqual({ projects: { "/w/s1": { hasTrustDialogAccepted: true } } });
  expect(await setTrust(file, "/w/s1", false)).toBe(true);
  expect(await read()).toEqual({ projects: {} });
});

it("keeps every other key and project, and what the CLI stored for the path until untrust", async () => {
  const user = {
    numStartups: 9,
    oauthAccount: { email: "a@b" },
    projects: { "/mine": { allowedTools: ["x"] }, "/w/s1": { history: [1] } },
  };
  await writeFile(file, JSON.stringify(user));
  await setTrust(file, "/w/s1", true);
  expect(await read()).toEqual({
    ...user,
    projects: { ...user.projects, "/w/s1": { history: [1], hasTrustDialogAccepted: true } },
  });
  await setTrust(file, "/w/s1", false);
  expect(await read()).toEqual({ ...user, projects: { "/mine": { allowedTools: ["x"] } } });
});

it("leaves a torn file alone instead of replacing the user's data", async () => {
  await writeFile(file, '{"numStartups": 9, "projects": {"/mi');
  expect(await setTrust(file, "/w/s1", true)).toBe(false);
  expect(await readFile(file, "utf8")).toBe('{"numStartups": 9, "projects": {"/mi');
});

it("trusts many sessions at once without losing an entry (edits are serialized)", async () => {
  await mkdir(tmp.path, { recursive: true });
  await Promise.all(Array.from({ length: 12 }, (_, i) => setTrust(file, `/w/s${i}`, true)));
  expect(Object.keys((await read()).projects)).toHaveLength(12);
});
