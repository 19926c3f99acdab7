import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginHost } from "@ao/core";

/** A tmux socket name no other test (or user) uses. */
export function testSocket(): string {
  return `ao-test-${randomBytes(5).toString("hex")}`;
}

/** Stop a test's tmux server and remove its socket file (tmux leaves it behind). */
export function killServer(socket: string): void {
  spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  const dir = process.env.TMUX_TMPDIR ?? "/tmp";
  rmSync(join(dir, `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

export async function makeTemp(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "ao-rt-tmux-"));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export function host(home: string): PluginHost {
  const noop = () => {};
  return { home, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop, error: noop } };
}

/** Poll `check` every 20 ms until it returns a value other than undefined. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The JSON-lines messages the fake TUI agent recorded. */
export async function recorded(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string);
}
