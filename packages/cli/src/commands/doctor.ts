import { execFile } from "node:child_process";
import { accessSync, constants, mkdirSync } from "node:fs";
import { promisify } from "node:util";
import { docsUrl, isAoError } from "@ao/core";
import { findConfig } from "../config/find.js";
import { loadConfig } from "../config/load.js";
import { projectPathProblem } from "../config/project-paths.js";
import type { ResolvedConfig } from "../config/normalize.js";
import { defaultHome } from "../home.js";
import { paint, printJson, say } from "../output.js";
import { slotRows } from "../plugins/report.js";
import { githubChecks } from "../github/doctor-checks.js";
import { unsupportedIntakeFilters } from "../plugins/intake-filters.js";
import { resolveSlot } from "../plugins/resolve.js";
import type { CommandRun } from "../program.js";
import { agentCliChecks, usageLimitChecks } from "./doctor-agents.js";
import { dockerRuntimeChecks } from "./doctor-docker.js";
import type { Check } from "./doctor-check.js";

const run$ = promisify(execFile);

export type { Check } from "./doctor-check.js";

async function version(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run$(cmd, args, { timeout: 5000 });
    return stdout.trim().split("\n")[0] ?? "";
  } catch {
    return null;
  }
}

/** Run every check; none of them changes anything. */
export async function doctorChecks(options: { config?: string }): Promise<Check[]> {
  const checks: Check[] = [];
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  const nodeOk = major > 20 || (major === 20 && minor >= 11);
  checks.push({
    name: "node",
    status: nodeOk ? "ok" : "fail",
    detail: `Node ${process.versions.node}`,
    ...(nodeOk ? {} : { fix: "Install Node 20.11 or newer (https://nodejs.org)." }),
  });
  const git = await version("git", ["--version"]);
  checks.push(
    git
      ? { name: "git", status: "ok", detail: git }
      : {
          name: "git",
          status: "fail",
          detail: "git is not on PATH",
          fix: "Install git (apt-get install git / brew install git).",
        },
  );
  const tmux = await version("tmux", ["-V"]);
  checks.push(
    tmux
      ? { name: "tmux", status: "ok", detail: tmux }
      : {
          name: "tmux",
          status: "warn",
          detail: "tmux is not on PATH",
          fix: 'Install tmux, or set runtime: "process" and terminal to another plugin.',
        },
  );
  let config: ResolvedConfig | undefined;
  try {
    const file = findConfig(options.config ? { explicit: options.config } : {});
    if (!file) {
      checks.push({
        name: "config",
        status: "fail",
        detail: "no ao.config.ts here or in a parent directory",
        fix: "Run `ao init --yes`.",
      });
    } else {
      config = await loadConfig({ command: "doctor", explicit: file });
      checks.push({ name: "config", status: "ok", detail: `${file} (${config.projects.length} project(s))` });
    }
  } catch (error) {
    checks.push({
      name: "config",
      status: "fail",
      detail: isAoError(error) ? error.message : String(error),
      fix: isAoError(error) && error.hint ? error.hint : "Fix the config file.",
    });
  }
  const home = config?.home ?? defaultHome();
  try {
    mkdirSync(home, { recursive: true });
    accessSync(home, constants.W_OK);
    checks.push({ name: "home", status: "ok", detail: `${home} is writable` });
  } catch {
    checks.push({
      name: "home",
      status: "fail",
      detail: `${home} is not writable`,
      fix: "Set AO_HOME (or dataDir) to a writable directory.",
    });
  }
  for (const project of config?.projects ?? []) {
    const problem = await projectPathProblem(project);
    checks.push(
      problem
        ? { name: `project ${project.id}`, status: "fail", detail: problem.message, fix: problem.hint ?? "" }
        : { name: `project ${project.id}`, status: "ok", detail: `${project.path} is a git checkout` },
    );
    for (const row of await slotRows(config as ResolvedConfig, project)) {
      const name =
        row.error?.code === "MISSING_ENV" ? `token ${row.key}` : `plugin ${row.project}.${row.slot}`;
      checks.push(
        row.error
          ? {
              name,
              status: "fail",
              detail: row.error.message,
              fix: row.error.hint ?? `See ${docsUrl("configuration.md")}`,
            }
          : row.warning
            ? { name, status: "warn", detail: row.warning.message, fix: row.warning.hint ?? "" }
            : {
                name,
                status: "ok",
                detail: `${row.plugin} (${row.from === "config" ? "from the config's folder" : row.from === "cli" ? "bundled with ao" : "imported in the config"})`,
              },
      );
    }
    checks.push(...(await intakeCheck(config as ResolvedConfig, project)));
    checks.push(...(await githubChecks(config as ResolvedConfig, project)));
    checks.push(...(await dockerRuntimeChecks(project)));
  }
  if (config) checks.push(...(await agentCliChecks(config, config.projects)));
  // A journal doctor cannot read is `ao status`'s to explain; the limits are a hint, not a check.
  checks.push(...(await usageLimitChecks(home).catch(() => [])));
  return checks;
}

/** The intake filters the project's tracker cannot apply (a tracker that does not resolve is reported above). */
async function intakeCheck(
  config: ResolvedConfig,
  project: ResolvedConfig["projects"][number],
): Promise<Check[]> {
  if (project.intake.assignee === undefined && project.intake.milestone === undefined) return [];
  try {
    const { value, key } = project.slots.tracker;
    const tracker = await resolveSlot("tracker", value, key, { configDir: config.dir });
    const problems = unsupportedIntakeFilters(project.id, project.intake, tracker.plugin);
    return problems.length === 0
      ? [{ name: `intake ${project.id}`, status: "ok", detail: `${tracker.name} applies the intake filter` }]
      : problems.map((p) => ({
          name: `intake ${project.id}`,
          status: "fail" as const,
          detail: p.split(" — ")[0] as string,
          fix: p.split(" — ")[1] ?? "",
        }));
  } catch {
    return [];
  }
}

/** `ao doctor [--json] [--strict]`: exit 1 when any check fails (and on warnings with --strict). */
export const run: CommandRun = async (_args, options) => {
  const checks = await doctorChecks(options as { config?: string });
  if (options.testNotify) {
    const { configFor } = await import("../context.js");
    const { testNotifiers } = await import("./test-notify.js");
    const loaded = checks.find((c) => c.name === "config")?.status === "ok";
    if (loaded)
      checks.push(...(await testNotifiers(await configFor("doctor", options as { config?: string }))));
  }
  const failed = checks.some((c) => c.status === "fail" || (options.strict === true && c.status === "warn"));
  if (options.json) {
    printJson({ ok: !failed, checks });
    return failed ? 1 : 0;
  }
  const mark = { ok: paint("green", "✓"), warn: paint("yellow", "!"), fail: paint("red", "✗") };
  for (const c of checks) {
    say(`${mark[c.status]} ${c.name}: ${c.detail}`);
    if (c.fix) say(`    fix: ${c.fix}`);
  }
  return failed ? 1 : 0;
};
