import { join } from "node:path";
import { skipWithoutDocker, tempDir } from "@ao/testkit";
import { describe, expect, inject, it } from "vitest";
import { dockerChecks } from "../src/index.js";

const docker = inject("aoDocker");

describe("ao doctor's Docker checks", () => {
  it("an engine socket that is not there fails with the line that fixes it", async () => {
    const dir = await tempDir("ao-docker-doctor-");
    try {
      const checks = await dockerChecks({ image: "x", socketPath: join(dir.path, "docker.sock") }, "app");
      expect(checks.map((c) => c.name)).toEqual(["docker app: engine", "docker app: egress"]);
      expect(checks[0]).toMatchObject({ name: "docker app: engine", status: "fail" });
      expect(checks[0]?.detail).toContain("docker.sock");
      expect(checks[0]?.fix).toMatch(/start docker|socketPath/i);
    } finally {
      await dir.cleanup();
    }
  });

  it("warns when the container can reach nothing (no egress) or everything (another network), and lists an egress policy", async () => {
    const dir = await tempDir("ao-docker-doctor-");
    try {
      const egressOf = async (more: Record<string, unknown>) =>
        (await dockerChecks({ image: "x", socketPath: join(dir.path, "docker.sock"), ...more }, "app")).find(
          (c) => c.name === "docker app: egress",
        );
      const none = await egressOf({});
      expect(none).toMatchObject({ status: "warn" });
      expect(none?.detail).toMatch(/no network.*fails/);
      expect(none?.fix).toContain("egress: { allow:");
      expect(await egressOf({ network: "bridge" })).toMatchObject({
        status: "warn",
        detail: expect.stringMatching(/bridge/),
      });
      expect(await egressOf({ egress: { allow: [] } })).toMatchObject({
        status: "warn",
        detail: expect.stringMatching(/nothing/),
      });
      const allowed = await egressOf({ egress: { allow: ["api.anthropic.com:443", "*.github.com:443"] } });
      expect(allowed).toMatchObject({ status: "ok" });
      expect(allowed?.detail).toContain("api.anthropic.com:443, *.github.com:443");
    } finally {
      await dir.cleanup();
    }
  });

  // Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithoutDocker fails the suite instead.
  describe.skipIf(skipWithoutDocker(docker))("with a real engine", () => {
    const engine = docker as { socketPath: string; image: string };

    it("says the engine answers and the image exists", async () => {
      const checks = await dockerChecks({ image: engine.image, socketPath: engine.socketPath }, "app");
      expect(checks.map((c) => [c.name, c.status])).toEqual([
        ["docker app: engine", "ok"],
        ["docker app: image", "ok"],
        ["docker app: egress", "warn"],
      ]);
    });

    it("a missing image fails and says how to build it", async () => {
      const checks = await dockerChecks(
        { image: "ao-no-such-image:1", socketPath: engine.socketPath },
        "app",
      );
      const image = checks.find((c) => c.name === "docker app: image");
      expect(image).toMatchObject({ status: "fail" });
      expect(image?.fix).toContain("docker build -t ao-no-such-image:1");
    });
  });
});
