import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
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
    };
  },
});

describe("@ao/terminal-tmux", () => {
  it("attaches outside tmux and switches client inside, on the right server", () => {
    const plugin = terminal();
    expect(plugin.attachCommand({ type: "tmux", target: "ao-x-1" }, { insideTmux: false })).toEqual([
      "tmux",
      "attach-session",
      "-t",
      "=ao-x-1",
    ]);
    expect(
      plugin.attachCommand({ type: "tmux", target: "ao-x-1", socket: "s" }, { insideTmux: true }),
    ).toEqual(["tmux", "-L", "s", "switch-client", "-t", "=ao-x-1"]);
  });

  it("refuses attach info it cannot open and bad options", () => {
    const plugin = terminal();
    expect(plugin.supports({ type: "command", argv: ["tail", "-f", "x"] })).toBe(false);
    expect(() => plugin.attachCommand({ type: "command", argv: ["x"] }, { insideTmux: false })).toThrow(
      /tmux sessions only/,
    );
    expect(() => terminal({ tmux: "" })).toThrow(/tmux/);
    expect(() => terminal({ tmuxx: "x" } as never)).toThrow(/tmuxx/);
  });

  // Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
  it.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))(
    "targets exactly the named session on a real tmux server",
    () => {
      const socket = `ao-test-${randomBytes(5).toString("hex")}`;
      try {
        execFileSync("tmux", ["-L", socket, "new-session", "-d", "-s", "ao-demo-10", "sleep", "30"]);
        const argv = terminal().attachCommand(
          { type: "tmux", target: "ao-demo-1", socket },
          { insideTmux: false },
        );
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
