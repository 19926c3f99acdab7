import { execFileSync } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { git } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type GitHubFixture, githubFixture } from "./helpers.js";

let f: GitHubFixture;
const savedPath = process.env.PATH;
afterEach(async () => {
  process.env.PATH = savedPath;
  await f?.cleanup();
});

describe("the token stays secret", () => {
  it("a push sends it through GIT_ASKPASS only: never in argv, the remote URL, git config or the request log", async () => {
    f = await githubFixture();
    // A git on PATH that records every argv (and whether the askpass variable reached it) before running the real one.
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const argvLog = join(f.project.dataDir, "..", "git-argv.log");
    const shimDir = join(f.project.dataDir, "..", "shim");
    await mkdir(shimDir, { recursive: true });
    await writeFile(
      join(shimDir, "git"),
      `#!/bin/sh\nprintf '%s\\n' "argv: $*" >> "${argvLog}"\n[ -n "$AO_GITHUB_GIT_TOKEN" ] && echo "askpass-var: set" >> "${argvLog}"\nexec "${realGit}" "$@"\n`,
    );
    await chmod(join(shimDir, "git"), 0o755);
    process.env.PATH = `${shimDir}:${savedPath}`;

    const { headSha } = await f.plugin.push(f.project, f.workspace);
    expect(await f.plugin.remoteHead(f.project, f.workspace.branch)).toBe(headSha);
    const pr = await f.plugin.openPR(f.project, {
      branch: f.workspace.branch,
      base: "main",
      title: "T",
      body: "",
    });
    await f.plugin.observe(f.project, [pr.number]);

    const recorded = await readFile(argvLog, "utf8");
    expect(recorded).toContain("argv: -c credential.helper= push");
    expect(recorded).toContain("askpass-var: set");
    expect(recorded).not.toContain(f.token);
    const config = await git(f.workspace.path, ["config", "--list", "--show-origin"]);
    expect(config).not.toContain(f.token);
    expect(JSON.stringify(f.fake.requests)).not.toContain(f.token);
    expect(f.fake.requests.every((r) => r.token === "ao-bot")).toBe(true);
    expect(process.env.AO_GITHUB_GIT_TOKEN).toBeUndefined();
    expect(JSON.stringify(f.plugin.budget?.())).not.toContain(f.token);
  });

  it("a failed push explains itself without the token", async () => {
    f = await githubFixture();
    process.env[f.tokenEnv] = "ghp_wrongTokenThatTheFakeDoesNotKnow";
    const err = (await f.plugin.push(f.project, f.workspace).catch((e) => e)) as Error & { hint?: string };
    expect(err.message).toBeTruthy();
    expect(err.message).not.toContain("ghp_wrongTokenThatTheFakeDoesNotKnow");
    expect(err.hint).toBeTruthy();
  });
});
