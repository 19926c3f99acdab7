import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginHost } from "@ao/core";

export async function makeTemp(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "ao-rt-proc-"));
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
