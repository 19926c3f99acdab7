import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Slot } from "@ao/core";
import { closest } from "../did-you-mean.js";
import { cliOwnScope } from "./locate.js";

/**
 * ao's own plugins, per slot, including those not bundled with the CLI
 * (released separately, or planned): a name here gets an `npm install`
 * hint, a near miss gets "did you mean".
 */
const OFFICIAL: Record<Slot, readonly string[]> = {
  runtime: ["tmux", "process", "docker", "kubernetes", "e2b"],
  agent: ["command", "claude-code", "codex", "aider", "goose", "opencode", "cursor"],
  workspace: ["worktree", "clone"],
  tracker: ["local", "github", "gitlab", "linear", "jira"],
  scm: ["local", "github", "gitlab"],
  notifier: ["console", "desktop", "slack", "discord", "webhook"],
  terminal: ["tmux", "iterm2", "web"],
  lifecycle: ["reactions"],
};

/** Short names of a slot's plugins installed next to the config or bundled with the CLI. */
export function installedNames(slot: Slot, configDir: string): string[] {
  const names = new Set<string>();
  const prefix = `@ao/${slot}-`;
  for (const pkg of cliOwnScope()) if (pkg.startsWith(prefix)) names.add(pkg.slice(prefix.length));
  try {
    for (const entry of readdirSync(join(configDir, "node_modules", "@ao"))) {
      if (entry.startsWith(`${slot}-`)) names.add(entry.slice(slot.length + 1));
    }
  } catch {
    // no local @ao packages
  }
  return [...names].sort();
}

/** The hint for a plugin name that did not resolve: a near miss, an install command, or what there is. */
export function pluginNotFoundHint(slot: Slot, name: string, configDir: string): string {
  const installed = installedNames(slot, configDir);
  const official = OFFICIAL[slot];
  // Users often write the package's own name (`ao-notifier-file`, `@ao/notifier-file`) where the short one is meant.
  const bare = name
    .replace(/^@ao\//, "")
    .replace(/^ao-/, "")
    .replace(new RegExp(`^${slot}-`), "");
  if (bare !== name && (installed.includes(bare) || official.includes(bare))) {
    return `Write "${bare}" (the short name of @ao/${slot}-${bare}).`;
  }
  const near = closest(bare, [...new Set([...installed, ...official])]);
  if (near && near !== bare) return `Did you mean "${near}"? (${slot} plugins here: ${installed.join(", ")})`;
  if (official.includes(bare))
    return `Install it next to your config: npm install @ao/${slot}-${bare}  (in ${configDir})`;
  if (name.startsWith("@") || name.includes("/") || name.startsWith("ao-")) {
    return `Install it next to your config: npm install ${name}  (in ${configDir})`;
  }
  return `No ${slot} plugin is called "${name}". Installed: ${installed.join(", ") || "none"}; ao's: ${official.join(", ")}. A third-party plugin is named by its package, e.g. "@acme/ao-${slot}-x".`;
}
