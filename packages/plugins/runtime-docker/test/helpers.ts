import type { PluginHost } from "@ao/core";
import type { DockerTestEngine } from "@ao/testkit";
import dockerRuntime from "../src/index.js";

/** A plugin host with AO_HOME `home` and a quiet log. */
export function host(home: string): PluginHost {
  const log = { debug() {}, info() {}, warn() {}, error() {} };
  return { home, now: () => Date.now(), log };
}

type Engine = Extract<DockerTestEngine, { available: true }>;

/** The runtime against the test engine and image, set up for `home`. */
export async function runtimeFor(engine: DockerTestEngine, home: string, more: Record<string, unknown> = {}) {
  const e = engine as Engine;
  const plugin = dockerRuntime({ image: e.image ?? "", socketPath: e.socketPath, ...more });
  await plugin.setup?.(host(home));
  return plugin;
}
