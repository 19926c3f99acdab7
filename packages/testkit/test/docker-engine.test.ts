import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import {
  buildTestImage,
  DockerEngineUnavailable,
  dockerCli,
  pingEngine,
  skipWithoutDocker,
  startDockerEngine,
  tempDir,
} from "../src/index.js";
import { mountsUnder } from "../src/docker/mounts.js";

const docker = inject("aoDocker");

/** Pids whose command line mentions `dir`. */
function processesNaming(dir: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("startDockerEngine without an engine", () => {
  it("says that DOCKER_HOST does not answer, and how to fix it", async () => {
    const dir = await tempDir();
    try {
      const err = await startDockerEngine({ env: { DOCKER_HOST: `unix://${dir.path}/none.sock` } }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(DockerEngineUnavailable);
      expect(err.message).toContain("does not answer /_ping");
      expect(err.message).toContain("unset DOCKER_HOST");
    } finally {
      await dir.cleanup();
    }
  });

  it("refuses a DOCKER_HOST that is not a unix socket", async () => {
    const err = await startDockerEngine({ env: { DOCKER_HOST: "tcp://127.0.0.1:2375" } }).catch((e) => e);
    expect(err).toBeInstanceOf(DockerEngineUnavailable);
    expect(err.message).toContain("not a unix socket");
  });

  it("reports a dockerd that exits at once, with the end of its log", async () => {
    const dir = await tempDir();
    try {
      const fake = join(dir.path, "dockerd");
      writeFileSync(
        fake,
        '#!/bin/sh\n[ "$1" = --version ] && exit 0\necho "failed to mount overlay: boom" >&2\nexit 3\n',
        {
          mode: 0o755,
        },
      );
      const err = await startDockerEngine({
        env: {},
        defaultSocket: "/nonexistent.sock",
        dockerd: fake,
      }).catch((e) => e);
      if (process.getuid?.() !== 0) {
        expect(err.message).toContain("needs root");
        return;
      }
      expect(err).toBeInstanceOf(DockerEngineUnavailable);
      expect(err.message).toContain("dockerd exited before it answered");
      expect(err.message).toContain("failed to mount overlay: boom");
    } finally {
      await dir.cleanup();
    }
  });

  it("gives up on a dockerd that never answers, and kills it", async () => {
    if (process.getuid?.() !== 0) return;
    const dir = await tempDir();
    try {
      const fake = join(dir.path, "dockerd");
      writeFileSync(
        fake,
        '#!/bin/sh\n[ "$1" = --version ] && exit 0\necho "waiting forever"\nexec sleep 600\n',
        {
          mode: 0o755,
        },
      );
      const err = await startDockerEngine({
        env: {},
        defaultSocket: "/nonexistent.sock",
        dockerd: fake,
        readyTimeoutMs: 300,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(DockerEngineUnavailable);
      expect(err.message).toContain("did not answer /_ping in time");
      expect(err.message).toContain("waiting forever");
      const engineDir = /socket (\S+)\/docker\.sock/.exec(err.message)?.[1] ?? "";
      expect(engineDir).toMatch(/ao-dockerd-/);
      expect(existsSync(engineDir)).toBe(false);
      expect(processesNaming(engineDir)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("mountsUnder", () => {
  it("lists the mounts at or below a directory, deepest first, decoding escapes", () => {
    const info = [
      "22 1 254:0 / / rw - ext4 /dev/vda rw",
      "90 22 0:50 / /tmp/ao-dockerd-x/root/overlay2/abc/merged rw - overlay overlay rw",
      "91 22 0:51 / /tmp/ao-dockerd-x/exec/netns/my\\040ns rw - nsfs nsfs rw",
      "92 22 0:52 / /tmp/ao-dockerd-xy rw - tmpfs tmpfs rw",
      "93 22 0:53 / /tmp/ao-dockerd-x rw - tmpfs tmpfs rw",
    ].join("\n");
    expect(mountsUnder("/tmp/ao-dockerd-x", info)).toEqual([
      "/tmp/ao-dockerd-x/root/overlay2/abc/merged",
      "/tmp/ao-dockerd-x/exec/netns/my ns",
      "/tmp/ao-dockerd-x",
    ]);
  });
});

describe("skipWithoutDocker", () => {
  it("skips with the reason, but fails under AO_TEST_FULL=1", () => {
    const none = { available: false as const, reason: "dockerd is not installed" };
    expect(skipWithoutDocker(none, {})).toBe(true);
    expect(() => skipWithoutDocker(none, { AO_TEST_FULL: "1" })).toThrow(/dockerd is not installed/);
    expect(skipWithoutDocker({ available: true, socketPath: "/s", host: "unix:///s", own: true }, {})).toBe(
      false,
    );
  });
});

// Under AO_TEST_FULL=1 a missing engine fails this suite instead of skipping it.
describe.skipIf(skipWithoutDocker(docker))("the run's Docker engine and test image", () => {
  const engine = docker as Extract<typeof docker, { available: true }>;

  it("answers /_ping, and is found again through DOCKER_HOST without starting another", async () => {
    expect(await pingEngine(engine.socketPath)).toBe(true);
    const again = await startDockerEngine({ env: { DOCKER_HOST: engine.host } });
    expect(again.own).toBe(false);
    expect(again.socketPath).toBe(engine.socketPath);
    await again.stop();
    expect(await pingEngine(engine.socketPath)).toBe(true);
  });

  it("has only the none and host networks (no bridge, SPEC §10)", () => {
    if (!engine.own) return; // a found engine is configured by its owner
    const networks = dockerCli(engine, ["network", "ls", "--format", "{{.Name}}"]).trim().split("\n").sort();
    expect(networks).toEqual(["host", "none"]);
  });

  it("runs sh, git and node in the test image, as the host user too", () => {
    expect(engine.image).toMatch(/^ao-test:[0-9a-f]{16}$/);
    const image = engine.image ?? "";
    const script = [
      "set -e",
      "node -e 'console.log(\"node\", process.version)'",
      "cd /tmp && git init -q repo && cd repo",
      "echo hi > a && git add a && git -c user.name=t -c user.email=t@t commit -q -m one",
      "git log --format=%s",
      "id -u",
    ].join("; ");
    const uid = String(process.getuid?.() ?? 0);
    const out = dockerCli(engine, [
      "run",
      "--rm",
      "--network",
      "none",
      "--user",
      `${uid}:${uid}`,
      image,
      "sh",
      "-c",
      script,
    ]);
    expect(out).toContain(`node ${process.version}`);
    expect(out.trim().split("\n").slice(-2)).toEqual(["one", uid]);
  });

  it("is not imported again when the engine already has it", async () => {
    const image = engine.image ?? "";
    const id = () => dockerCli(engine, ["image", "inspect", "--format", "{{.Id}}", image]).trim();
    const before = id();
    expect(await buildTestImage(engine)).toBe(image);
    expect(id()).toBe(before);
  });
});

// Under AO_TEST_FULL=1 a missing engine fails this suite instead of skipping it.
describe.skipIf(skipWithoutDocker(docker) || process.getuid?.() !== 0)(
  "an engine started for the tests",
  () => {
    it(
      "runs containers and leaves no process, mount or directory behind when stopped",
      { timeout: 120_000 },
      async () => {
        const own = await startDockerEngine({ env: {}, defaultSocket: "/nonexistent.sock" });
        const dir = own.socketPath.replace(/\/docker\.sock$/, "");
        // A cache of its own: the image is built from scratch, and a tar unused for two days is pruned.
        const cache = await tempDir();
        const stale = join(cache.path, "0000000000000000.tar");
        writeFileSync(stale, "old inputs");
        writeFileSync(join(cache.path, "1111111111111111.tar"), "used today");
        const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
        utimesSync(stale, twoDaysAgo, twoDaysAgo);
        try {
          expect(own.own).toBe(true);
          expect(await pingEngine(own.socketPath)).toBe(true);
          const image = await buildTestImage(own, { cacheDir: cache.path });
          expect(readdirSync(cache.path).sort()).toEqual([
            "1111111111111111.tar",
            `${image.split(":")[1]}.tar`,
          ]);
          dockerCli(own, ["run", "-d", "--network", "none", "--name", "left-running", image, "sleep", "600"]);
          expect(mountsUnder(dir).length).toBeGreaterThan(0);
        } finally {
          await own.stop();
          await cache.cleanup();
        }
        expect(existsSync(dir)).toBe(false);
        expect(mountsUnder(dir)).toEqual([]);
        expect(processesNaming(dir)).toEqual([]);
        expect(await pingEngine(own.socketPath)).toBe(false);
      },
    );
  },
);
