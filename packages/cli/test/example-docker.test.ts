import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { dockerRuntimeChecks } from "../src/commands/doctor-docker.js";
import { buildProject } from "../src/plugins/build.js";

const dir = join(import.meta.dirname, "..", "..", "..", "examples", "docker");

describe("examples/docker", () => {
  it("ao.config.ts loads, resolves the bundled docker runtime and passes the workspace-access check", async () => {
    const config = await loadConfig({ command: "doctor", explicit: join(dir, "ao.config.ts"), env: {} });
    const [project] = config.projects;
    const built = await buildProject(config, project!, {});
    const runtime = built.project.plugins.runtime;
    expect(runtime.name).toBe("@ao/runtime-docker");
    expect(runtime.workspaceAccess).toBe("mount");
    expect(built.report.find((r) => r.slot === "runtime")).toMatchObject({
      plugin: "@ao/runtime-docker",
      from: "cli",
    });
    // The home a session's agent gets is the runtime's, under AO_HOME, not the daemon's HOME.
    await runtime.setup?.({
      home: config.home,
      now: Date.now,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const files = runtime.agentFiles?.({ home: "h", project: "app", session: "app-1" }, "/w/app-1");
    expect(files?.home.startsWith(join(config.home, "runtime-docker"))).toBe(true);
  });

  it("its egress policy is what ao doctor reports (no engine needed for that line)", async () => {
    const config = await loadConfig({ command: "doctor", explicit: join(dir, "ao.config.ts"), env: {} });
    const env = { DOCKER_HOST: `unix://${join(dir, "no-such-docker.sock")}` };
    const checks = await dockerRuntimeChecks(config.projects[0]!, env);
    const egress = checks.find((c) => c.name.endsWith(": egress"));
    expect(egress).toMatchObject({ status: "ok" });
    expect(egress?.detail).toContain("api.anthropic.com:443");
  });

  it("the Dockerfile bakes in no credential: no ENV or ARG, nothing copied from the host", () => {
    const lines = readFileSync(join(dir, "Dockerfile"), "utf8")
      .split("\n")
      .filter((l) => !l.trimStart().startsWith("#"));
    expect(lines.some((l) => /^FROM /.test(l))).toBe(true);
    expect(lines.filter((l) => /^\s*(ENV|ARG|COPY|ADD)\b/i.test(l))).toEqual([]);
    expect(lines.join("\n")).toMatch(/apt-get install[^\n]* git /);
    expect(lines.join("\n")).toContain("@anthropic-ai/claude-code");
  });
});
