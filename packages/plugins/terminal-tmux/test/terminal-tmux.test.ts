import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { AttachInfo } from "@ao/core";
import { terminalContract } from "@ao/plugin-kit";
import { skipWithout, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import terminal from "../src/index.js";

terminalContract({
  name: "@ao/terminal-tmux",
  async setup() {
    return {
      plugin: terminal(),
      info: { type: "tmux", target: "ao-demo-1", socket: "ao-test" },
      unsupported: { type: "url", url: "http://localhost:3000/s/1" },
      kind: "argv",
    };
  },
});

describe("@ao/terminal-tmux", () => {
  it("attaches outside tmux and switches client inside, on the right server", async () => {
    const plugin = terminal();
    const open = (info: AttachInfo, insideTmux: boolean) =>
      plugin.open({ sessionId: "x-1", info, insideTmux });
    expect(await open({ type: "tmux", target: "ao-x-1" }, false)).toEqual({
      kind: "argv",
      argv: ["tmux", "attach-session", "-t", "=ao-x-1"],
    });
    expect(await open({ type: "tmux", target: "ao-x-1", socket: "s" }, true)).toEqual({
      kind: "argv",
      argv: ["tmux", "-L", "s", "switch-client", "-t", "=ao-x-1"],
    });
  });

  it("refuses attach info it cannot open and bad options", async () => {
    const plugin = terminal();
    expect(plugin.supports({ type: "command", argv: ["tail", "-f", "x"] })).toBe(false);
    expect(plugin.supports(undefined)).toBe(false);
    await expect(
      plugin.open({ sessionId: "x-1", info: { type: "command", argv: ["x"] }, insideTmux: false }),
    ).rejects.toThrow(/tmux sessions only/);
    expect(() => terminal({ tmux: "" })).toThrow(/tmux/);
    expect(() => terminal({ tmuxx: "x" } as never)).toThrow(/tmuxx/);
  });

  // Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
  it.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))(
    "targets exactly the named session on a real tmux server",
    async () => {
      const socket = `ao-test-${randomBytes(5).toString("hex")}`;
      try {
        execFileSync("tmux", ["-L", socket, "new-session", "-d", "-s", "ao-demo-10", "sleep", "30"]);
        const action = await terminal().open({
          sessionId: "demo-1",
          info: { type: "tmux", target: "ao-demo-1", socket },
          insideTmux: false,
        });
        if (action.kind !== "argv") throw new Error(`expected an argv, got ${action.kind}`);
        const { argv } = action;
        // Without "=", tmux would take "ao-demo-1" as a prefix of "ao-demo-10" and attach to the wrong session.
        const probe = spawnSync(argv[0]!, [...argv.slice(1, -3), "has-session", ...argv.slice(-2)], {
          encoding: "utf8",
        });
        expect(probe.status).not.toBe(0);
        expect(probe.stderr).toMatch(/can't find session/);
      } finally {
        spawnSync("tmux", ["-L", socket, "kill-server"]);
        // tmux leaves its socket file behind.
        rmSync(join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${process.getuid?.() ?? 0}`, socket), {
          force: true,
        });
      }
    },
  );
});
