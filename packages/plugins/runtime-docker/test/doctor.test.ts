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
      expect(checks).toHaveLength(1);
      expect(checks[0]).toMatchObject({ name: "docker app: engine", status: "fail" });
      expect(checks[0]?.detail).toContain("docker.sock");
      expect(checks[0]?.fix).toMatch(/start docker|socketPath/i);
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
