import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "@ao/testkit";

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

export { testHost as host } from "@ao/testkit";

export const makeTemp = () => tempDir("ao-rt-tmux-");

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
