import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo, tempDir, testProject } from "../src/index.js";

describe("tempDir", () => {
  it("makes a directory and removes it", async () => {
    const dir = await tempDir("ao-tk-");
    expect(existsSync(dir.path)).toBe(true);
    expect(dir.path).toContain("ao-tk-");
    await dir.cleanup();
    expect(existsSync(dir.path)).toBe(false);
    await dir.cleanup();
  });
});

describe("gitRepo", () => {
  it("has one commit on main, pushed to a bare origin", async () => {
    const repo = await gitRepo();
    try {
      expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"])).toBe("main");
      expect(await repo.git(["status", "--porcelain"])).toBe("");
      const head = await repo.git(["rev-parse", "HEAD"]);
      expect(await repo.git(["ls-remote", "origin", "refs/heads/main"])).toContain(head);
      expect(await repo.git(["remote", "get-url", "origin"])).toBe(repo.remote);
      const pkg = JSON.parse(await readFile(join(repo.path, "package.json"), "utf8"));
      expect(pkg.scripts.test).toBe("node test.js");
      expect(existsSync(join(repo.path, "src/add.js"))).toBe(true);
      await expect(repo.git(["no-such-command"])).rejects.toThrow(/git no-such-command failed/);
    } finally {
      await repo.cleanup();
    }
    expect(existsSync(repo.path)).toBe(false);
    expect(existsSync(repo.remote)).toBe(false);
  });

  it("takes custom files and branch", async () => {
    const repo = await gitRepo({ files: { "a.txt": "a\n" }, defaultBranch: "trunk" });
    try {
      expect(await repo.git(["ls-files"])).toBe("a.txt");
      expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"])).toBe("trunk");
    } finally {
      await repo.cleanup();
    }
  });
});

describe("testProject", () => {
  it("fills defaults and keeps overrides", () => {
    const p = testProject({ id: "web", repo: "/tmp/x.git" });
    expect(p).toMatchObject({ id: "web", repo: "/tmp/x.git", defaultBranch: "main" });
    expect(p.path).toMatch(/web/);
    expect(p.dataDir.startsWith(p.path)).toBe(true);
  });
});
