import { createHash } from "node:crypto";
import { join } from "node:path";
import { errors } from "@ao/core";

/** What the service runs: `<node> <bin> start --config <file>`, with AO_HOME and PATH set. */
export interface ServiceSpec {
  node: string;
  bin: string;
  config: string;
  home: string;
  /** The PATH the daemon (and the agents it starts) will see. */
  path: string;
  /** Where the daemon's output goes (launchd only; systemd keeps it in the journal). */
  log: string;
}

/**
 * The service's name: `ao` for the default AO_HOME (~/.ao), else `ao-<8 hex of the home>`, so
 * two homes get two services and reinstalling one home finds its own.
 */
export function serviceName(home: string, defaultHome: string): string {
  if (home === defaultHome) return "ao";
  return `ao-${createHash("sha256").update(home).digest("hex").slice(0, 8)}`;
}

/** The launchd label of a service name (`ao` → `dev.ao.daemon`). */
export const launchdLabel = (name: string): string =>
  name === "ao" ? "dev.ao.daemon" : `dev.ao.daemon.${name.slice(3)}`;

/** Where systemd looks for user units: `$XDG_CONFIG_HOME/systemd/user` (default ~/.config). */
export function systemdUnitPath(name: string, env: Record<string, string | undefined>, home: string): string {
  const config = env.XDG_CONFIG_HOME || join(home, ".config");
  return join(config, "systemd", "user", `${name}.service`);
}

export const launchdPlistPath = (name: string, home: string): string =>
  join(home, "Library", "LaunchAgents", `${launchdLabel(name)}.plist`);

function noNewlines(spec: ServiceSpec): void {
  for (const [key, value] of Object.entries(spec)) {
    if (/[\r\n\0]/.test(value)) {
      throw errors.usage(
        `The service's ${key} (${JSON.stringify(value)}) holds a line break or NUL, which a unit file cannot carry.`,
        "Move the config or AO_HOME to a path without one.",
      );
    }
  }
}

/**
 * One systemd word: double-quoted, with `\` and `"` escaped; `%` doubled
 * (specifiers), and in Exec lines `$` doubled (variable expansion).
 */
function systemdWord(value: string, exec: boolean): string {
  let quoted = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%/g, "%%");
  if (exec) quoted = quoted.replace(/\$/g, "$$$$");
  return `"${quoted}"`;
}

/** A systemd user unit that restarts the daemon when it fails (not when it is stopped cleanly). */
export function systemdUnit(spec: ServiceSpec): string {
  noNewlines(spec);
  const exec = [spec.node, spec.bin, "start", "--config", spec.config].map((w) => systemdWord(w, true));
  return [
    "# Written by `ao service install`; remove with `ao service uninstall`.",
    "[Unit]",
    `Description=ao daemon (AO_HOME ${spec.home.replace(/%/g, "%%")})`,
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${exec.join(" ")}`,
    `Environment=${systemdWord(`AO_HOME=${spec.home}`, false)}`,
    `Environment=${systemdWord(`PATH=${spec.path}`, false)}`,
    "Restart=on-failure",
    "RestartSec=5",
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ].join("\n");
}

/** XML text: the five characters with a meaning in XML become entities. */
export function xmlText(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A launchd agent that starts the daemon at login and again whenever it exits unsuccessfully. */
export function launchdPlist(label: string, spec: ServiceSpec): string {
  noNewlines(spec);
  const str = (v: string) => `<string>${xmlText(v)}</string>`;
  const args = [spec.node, spec.bin, "start", "--config", spec.config].map((a) => `    ${str(a)}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  ${str(label)}`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...args,
    "  </array>",
    "  <key>EnvironmentVariables</key>",
    "  <dict>",
    "    <key>AO_HOME</key>",
    `    ${str(spec.home)}`,
    "    <key>PATH</key>",
    `    ${str(spec.path)}`,
    "  </dict>",
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>KeepAlive</key>",
    "  <dict>",
    "    <key>SuccessfulExit</key>",
    "    <false/>",
    "  </dict>",
    "  <key>StandardOutPath</key>",
    `  ${str(spec.log)}`,
    "  <key>StandardErrorPath</key>",
    `  ${str(spec.log)}`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}
