import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

// A platform skip, not a missing tool (AO_TEST_FULL does not apply): this suite is Linux-only.
describe.skipIf(process.platform !== "linux")("ao service on Linux without systemctl", () => {
  const world = fakeWorld();
  // A home with spaces, quotes, `$` and `%`: all of them must reach the daemon unchanged.
  const aoHome = join(world.dir, `ao home "quoted" $USER %h`);
  const xdg = join(world.dir, "xdg config");
  const bin = join(world.dir, "empty-bin");
  mkdirSync(bin);
  const env = {
    ...world.env,
    AO_HOME: aoHome,
    HOME: join(world.dir, "user"),
    XDG_CONFIG_HOME: xdg,
    PATH: bin,
  };
  const run = (...args: string[]) => ao(["service", ...args], { cwd: world.dir, env });
  afterAll(() => world.cleanup());

  it("prints the unit with --dry-run and writes nothing", async () => {
    const result = await run("install", "--dry-run");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Restart=on-failure");
    expect(existsSync(join(xdg, "systemd"))).toBe(false);
  });

  it("installs a unit named after AO_HOME, with every value escaped, and says what to run", async () => {
    const result = await run("install");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /systemctl is not installed here: run `systemctl --user enable --now ao-[0-9a-f]{8}`/,
    );
    const dir = join(xdg, "systemd", "user");
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^ao-[0-9a-f]{8}\.service$/);
    const unit = readFileSync(join(dir, file as string), "utf8");
    expect(unit).toContain(`Environment="AO_HOME=${world.dir}/ao home \\"quoted\\" $USER %%h"`);
    expect(unit).toContain(`ExecStart="${process.execPath}" `);
    expect(unit).toContain(`"start" "--config" "${world.dir}/ao.config.ts"`);
    expect(unit).toContain(`Environment="PATH=${bin}"`);
    expect(unit).toContain("Restart=on-failure");

    const status = await run("status", "--json");
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      manager: "systemd",
      installed: true,
      enabled: null,
      active: null,
      file: join(dir, file as string),
    });
  });

  it("uninstalls it", async () => {
    expect((await run("uninstall")).code).toBe(0);
    expect(JSON.parse((await run("status", "--json")).stdout)).toMatchObject({ installed: false });
  });

  it("refuses an unknown action as a usage error", async () => {
    const result = await run("restart");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ao service install | uninstall | status");
  });
});

describe.skipIf(process.platform !== "linux")("ao service with a systemctl that records its calls", () => {
  const world = fakeWorld();
  const bin = join(world.dir, "bin");
  const calls = join(world.dir, "systemctl-calls");
  mkdirSync(bin);
  // Exits with $FAKE_SYSTEMCTL_EXIT for `enable`, like systemd without a user session bus.
  writeFileSync(
    join(bin, "systemctl"),
    `#!/bin/sh\necho "$*" >> '${calls}'\nif [ "$2" = enable ] && [ -n "$FAKE_SYSTEMCTL_EXIT" ]; then echo "Failed to connect to bus" >&2; exit "$FAKE_SYSTEMCTL_EXIT"; fi\nexit 0\n`,
  );
  chmodSync(join(bin, "systemctl"), 0o755);
  const env = {
    ...world.env,
    HOME: join(world.dir, "user"),
    XDG_CONFIG_HOME: join(world.dir, "xdg"),
    PATH: `${bin}:/usr/bin:/bin`,
  };
  const run = (extra: Record<string, string>, ...args: string[]) =>
    ao(["service", ...args], { cwd: world.dir, env: { ...env, ...extra } });
  afterAll(() => world.cleanup());

  it("reloads systemd and enables the unit now", async () => {
    const result = await run({}, "install");
    expect(result.code, result.stderr).toBe(0);
    const name = (readFileSync(calls, "utf8").match(/enable --now (ao-[0-9a-f]{8})/) ?? [])[1];
    expect(readFileSync(calls, "utf8").split("\n")).toEqual([
      "--user daemon-reload",
      `--user enable --now ${name}`,
      "",
    ]);
  });

  it("fails with SERVICE_ENABLE_FAILED and the command to run when systemd refuses, keeping the unit", async () => {
    const result = await run({ FAKE_SYSTEMCTL_EXIT: "1" }, "install");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("did not start it: Failed to connect to bus");
    expect(result.stderr).toContain("systemctl --user daemon-reload && systemctl --user enable --now ao-");
    expect(readdirSync(join(world.dir, "xdg", "systemd", "user"))).toHaveLength(1);
  });
});
