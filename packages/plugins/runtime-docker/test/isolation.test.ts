import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { homeIdFor, type ResourceOwner, type RuntimePlugin } from "@ao/core";
import { waitFor } from "@ao/plugin-kit";
import { dockerCli, gitRepo, skipWithoutDocker, tempDir } from "@ao/testkit";
import { afterEach, describe, expect, inject, it } from "vitest";
import { runtimeFor } from "./helpers.js";

const docker = inject("aoDocker");
const engine = docker as { host: string; image: string };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

async function home() {
  const dir = await tempDir("ao-docker-home-");
  cleanups.push(() => dir.cleanup());
  return dir.path;
}

const ownerOf = (aoHome: string, session: string): ResourceOwner => ({
  home: homeIdFor(aoHome),
  project: "app",
  session,
});

/** Start `script` (run by the image's sh) as the agent; destroyed after the test. */
async function start(
  plugin: RuntimePlugin,
  owner: ResourceOwner,
  cwd: string,
  script: string,
  env: Record<string, string> = {},
) {
  const handle = await plugin.create({
    sessionId: owner.session,
    owner,
    cwd,
    command: ["sh", "-c", script],
    env,
  });
  cleanups.push(() => plugin.destroy(handle));
  return handle;
}

// Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithoutDocker fails the suite instead.
describe.skipIf(skipWithoutDocker(docker))("a session's container", () => {
  it("gets the session's secrets, but no inspect output, command line, log or exported file system holds them", async () => {
    const aoHome = await home();
    const plugin = await runtimeFor(docker, aoHome);
    const secret = `sekret-${randomBytes(8).toString("hex")}`;
    const owner = ownerOf(aoHome, "app-1");
    const handle = await start(
      plugin,
      owner,
      aoHome,
      '[ "$' + '{#API_KEY}" -eq 23 ] && echo agent-has-the-key; sleep 600',
      { API_KEY: secret },
    );
    await waitFor(async () => (await plugin.getOutput(handle, 20)).includes("agent-has-the-key"), {
      what: "the agent to see its key",
    });
    const inspect = dockerCli(engine, ["inspect", handle.id]);
    expect(inspect).toContain(handle.id);
    expect(inspect).not.toContain(secret);
    const top = dockerCli(engine, ["top", handle.id, "-o", "pid,args"]);
    expect(top).toContain("sleep");
    expect(top).not.toContain(secret);
    expect(dockerCli(engine, ["logs", handle.id])).not.toContain(secret);
    expect(dockerCli(engine, ["image", "history", "--no-trunc", engine.image])).not.toContain(secret);
    // The container's own file system (what a commit would bake into a layer) holds no copy.
    const exported = join(aoHome, "export.tar");
    dockerCli(engine, ["export", "-o", exported, handle.id]);
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(exported)).includes(Buffer.from(secret))).toBe(false);
    // The env file leaves the disk with the container.
    const secretDir = join(aoHome, "runtime-docker", handle.id, "secret");
    expect(existsSync(secretDir)).toBe(true);
    await plugin.destroy(handle);
    expect(existsSync(secretDir)).toBe(false);
  });

  it("a missing image is refused before anything is made, saying how to build it", async () => {
    const aoHome = await home();
    const plugin = await runtimeFor(docker, aoHome, { image: "ao-no-such-image:1" });
    const owner = ownerOf(aoHome, "app-9");
    const failure = plugin.create({
      sessionId: "app-9",
      owner,
      cwd: aoHome,
      command: ["true"],
      env: { K: "v" },
    });
    await expect(failure).rejects.toMatchObject({
      code: "RUNTIME_UNAVAILABLE",
      hint: expect.stringContaining("docker build -t ao-no-such-image:1"),
    });
    expect(await plugin.list?.()).toEqual([]);
    // Nothing was written: no env file holds the session's values.
    expect(existsSync(join(aoHome, "runtime-docker"))).toBe(false);
  });

  it("cannot read AO_HOME: the admin token, the journal and other sessions are not there", async () => {
    const aoHome = await home();
    await writeFile(join(aoHome, "admin-token"), "admin-token-value\n", { mode: 0o600 });
    await mkdir(join(aoHome, "projects", "app"), { recursive: true });
    await writeFile(join(aoHome, "projects", "app", "journal.jsonl"), '{"kind":"session"}\n');
    const work = await home();
    const plugin = await runtimeFor(docker, aoHome);
    const other = await start(plugin, ownerOf(aoHome, "app-2"), work, "sleep 600");
    const handle = await start(plugin, ownerOf(aoHome, "app-1"), work, "sleep 600");
    for (const path of ["admin-token", "projects/app/journal.jsonl", `runtime-docker/${other.id}/home`]) {
      const read = await plugin.exec?.(handle, ["cat", join(aoHome, path)]);
      expect(read?.exitCode, path).not.toBe(0);
      expect(read?.stdout).toBe("");
    }
    // All that exists of AO_HOME inside is the session's own directory.
    const found = await plugin.exec?.(handle, ["find", aoHome, "-maxdepth", "2"]);
    const paths = found?.stdout.trim().split("\n") ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([join(aoHome, "runtime-docker"), join(aoHome, "runtime-docker", handle.id)]),
    );
    expect(paths.every((p) => p === aoHome || p.startsWith(join(aoHome, "runtime-docker")))).toBe(true);
  });

  it("runs as the host user by default, so files it writes in the workspace stay the user's", async () => {
    const aoHome = await home();
    const work = await home();
    const plugin = await runtimeFor(docker, aoHome, { user: "65534:65534" });
    await (await import("node:fs/promises")).chmod(work, 0o777);
    await start(plugin, ownerOf(aoHome, "app-1"), work, "touch made-here; sleep 600");
    const made = await waitFor(() => stat(join(work, "made-here")).catch(() => undefined), {
      what: "the file",
    });
    expect([made.uid, made.gid]).toEqual([65534, 65534]);
    const mine = await runtimeFor(docker, aoHome);
    await start(mine, ownerOf(aoHome, "app-2"), work, "touch mine-here; sleep 600");
    const own = await waitFor(() => stat(join(work, "mine-here")).catch(() => undefined), {
      what: "the file",
    });
    expect(own.uid).toBe(process.getuid?.());
  });

  it("keeps the agent's home on the host, where agentFiles reads what the agent wrote", async () => {
    const aoHome = await home();
    const work = await home();
    const plugin = await runtimeFor(docker, aoHome);
    const owner = ownerOf(aoHome, "app-1");
    await start(
      plugin,
      owner,
      work,
      'mkdir -p "$HOME/.agent" && echo \'{"turn":1}\' > "$HOME/.agent/t.jsonl"; sleep 600',
    );
    const files = plugin.agentFiles?.(owner, work);
    expect(files?.root).toBe(work);
    const read = await waitFor(() => files?.read("~/.agent/t.jsonl").then((r) => r ?? undefined), {
      what: "the transcript",
    });
    expect(read.data.toString()).toBe('{"turn":1}\n');
  });

  it("a worktree works with real git inside: the main repository's git dir is mounted at its path", async () => {
    const repo = await gitRepo();
    cleanups.push(() => repo.cleanup());
    const wt = join(repo.path, "..", "wt-1");
    await repo.git(["worktree", "add", "-b", "ao/app-1", wt]);
    const aoHome = await home();
    const plugin = await runtimeFor(docker, aoHome);
    const handle = await start(plugin, ownerOf(aoHome, "app-1"), wt, "sleep 600");
    const g = (...args: string[]) =>
      plugin.exec?.(handle, [
        "git",
        "-C",
        wt,
        "-c",
        "user.name=agent",
        "-c",
        "user.email=agent@example.invalid",
        ...args,
      ]);
    await writeFile(join(wt, "agent.txt"), "from the agent\n");
    expect((await g("add", "agent.txt"))?.exitCode).toBe(0);
    const commit = await g("commit", "-m", "agent's commit");
    expect(commit?.exitCode, commit?.stderr).toBe(0);
    // The host's git sees the commit the container made, on the session's branch.
    expect(await repo.git(["log", "-1", "--format=%s", "ao/app-1"])).toBe("agent's commit");
    expect((await g("status", "--porcelain"))?.stdout).toBe("");
  });

  it("is found again by its labels after a restart; another AO_HOME on the engine sees none of it", async () => {
    const first = await home();
    const second = await home();
    const before = await runtimeFor(docker, first);
    const owner = ownerOf(first, "app-7");
    const handle = await start(before, owner, first, "cat");
    const elsewhere = await runtimeFor(docker, second);
    const theirs = await start(elsewhere, ownerOf(second, "app-7"), second, "cat");
    // A new instance over the same AO_HOME: what a restarted daemon has.
    const after = await runtimeFor(docker, first);
    const found = (await after.list?.()) ?? [];
    expect(found).toEqual([{ id: handle.id, owner }]);
    expect(await after.isAlive(handle)).toBe(true);
    expect(((await elsewhere.list?.()) ?? []).map((h) => h.id)).toEqual([theirs.id]);
    expect(dockerCli(engine, ["inspect", "-f", '{{index .Config.Labels "ao.home"}}', handle.id]).trim()).toBe(
      homeIdFor(first),
    );
  });
});
