import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { errors } from "@ao/core";
import { configFor } from "../context.js";
import { printJson, say } from "../output.js";
import type { CommandRun } from "../program.js";
import {
  launchdLabel,
  launchdPlist,
  launchdPlistPath,
  type ServiceSpec,
  serviceName,
  systemdUnit,
  systemdUnitPath,
} from "../service/unit-files.js";

type Manager = "systemd" | "launchd";

interface Service {
  manager: Manager;
  name: string;
  file: string;
  text: string;
}

/** Run a service manager command; null when the tool is not installed. */
function tool(cmd: string, args: string[]): { ok: boolean; out: string } | null {
  const result = spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") return null;
  return { ok: result.status === 0, out: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

/** The unit for the config this command found: what `ao start --config <file>` would serve. */
async function describeService(options: Record<string, unknown>): Promise<Service> {
  const config = await configFor("service", options);
  const userHome = process.env.HOME || homedir();
  const manager: Manager = process.platform === "darwin" ? "launchd" : "systemd";
  if (process.platform !== "darwin" && process.platform !== "linux") {
    throw errors.usage(
      `ao service supports Linux (systemd) and macOS (launchd), not ${process.platform}.`,
      "Run `ao start --detach` from your system's own service manager instead.",
    );
  }
  const name = serviceName(config.home, join(userHome, ".ao"));
  const spec: ServiceSpec = {
    node: process.execPath,
    bin: resolve(process.argv[1] as string),
    config: config.file,
    home: config.home,
    path: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    log: join(config.home, "daemon.log"),
  };
  return manager === "systemd"
    ? { manager, name, file: systemdUnitPath(name, process.env, userHome), text: systemdUnit(spec) }
    : { manager, name, file: launchdPlistPath(name, userHome), text: launchdPlist(launchdLabel(name), spec) };
}

function install(service: Service): number {
  mkdirSync(dirname(service.file), { recursive: true });
  writeFileSync(service.file, service.text, { mode: 0o644 });
  say(`wrote ${service.file}`);
  if (service.manager === "systemd") {
    const reload = tool("systemctl", ["--user", "daemon-reload"]);
    if (reload === null) {
      say(
        `systemctl is not installed here: run \`systemctl --user enable --now ${service.name}\` where it is.`,
      );
      return 0;
    }
    const enable = reload.ok ? tool("systemctl", ["--user", "enable", "--now", service.name]) : reload;
    if (!enable?.ok) {
      throw errors.serviceEnableFailed(
        "systemd",
        enable?.out ?? "",
        `systemctl --user daemon-reload && systemctl --user enable --now ${service.name}`,
      );
    }
    say(`enabled and started ${service.name}.service; it restarts when the daemon fails`);
    return 0;
  }
  const load = tool("launchctl", ["load", "-w", service.file]);
  if (load === null) say(`launchctl is not available: run \`launchctl load -w ${service.file}\` on macOS.`);
  else if (!load.ok) {
    throw errors.serviceEnableFailed("launchd", load.out, `launchctl load -w ${service.file}`);
  } else say(`loaded ${launchdLabel(service.name)}; it restarts when the daemon fails`);
  return 0;
}

function uninstall(service: Service): number {
  if (service.manager === "systemd") tool("systemctl", ["--user", "disable", "--now", service.name]);
  else if (existsSync(service.file)) tool("launchctl", ["unload", "-w", service.file]);
  const had = existsSync(service.file);
  rmSync(service.file, { force: true });
  if (service.manager === "systemd") tool("systemctl", ["--user", "daemon-reload"]);
  say(had ? `removed ${service.file}` : `no service was installed (${service.file} does not exist)`);
  return 0;
}

function status(service: Service, json: boolean): number {
  const installed = existsSync(service.file);
  let enabled: string | null = null;
  let active: string | null = null;
  if (service.manager === "systemd") {
    enabled = tool("systemctl", ["--user", "is-enabled", service.name])?.out ?? null;
    active = tool("systemctl", ["--user", "is-active", service.name])?.out ?? null;
  } else {
    const listed = tool("launchctl", ["list", launchdLabel(service.name)]);
    active = listed === null ? null : listed.ok ? "loaded" : "not loaded";
  }
  const result = {
    manager: service.manager,
    name: service.name,
    file: service.file,
    installed,
    enabled,
    active,
  };
  if (json) printJson(result);
  else {
    say(`${service.manager} ${service.name}: ${installed ? `installed (${service.file})` : "not installed"}`);
    if (enabled !== null) say(`  enabled: ${enabled}`);
    say(
      `  active: ${active ?? `unknown (${service.manager === "systemd" ? "systemctl" : "launchctl"} not available)`}`,
    );
  }
  return 0;
}

/** `ao service install|uninstall|status`: keep the daemon running under the OS's service manager. */
export const run: CommandRun = async ([action], options) => {
  if (action !== "install" && action !== "uninstall" && action !== "status") {
    throw errors.usage(`Unknown service action "${action}".`, "ao service install | uninstall | status");
  }
  const service = await describeService(options);
  if (action === "install" && (options.dryRun || options.print)) {
    if (options.json)
      printJson({ manager: service.manager, name: service.name, file: service.file, text: service.text });
    else {
      say(`# ${service.file}`);
      process.stdout.write(service.text);
    }
    return 0;
  }
  if (action === "install") return install(service);
  if (action === "uninstall") return uninstall(service);
  return status(service, options.json === true);
};
