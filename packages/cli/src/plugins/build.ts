import { join } from "node:path";
import { errors, type ProjectRef } from "@ao/core";
import type { EngineProject } from "@ao/engine";
import type { ResolvedConfig, ResolvedProject } from "../config/normalize.js";
import { unsupportedIntakeFilters } from "./intake-filters.js";
import { impossibleWorkspaceAccess } from "./workspace-access.js";
import { missingEnv, type Resolved, resolveSlot } from "./resolve.js";

/** One row of `ao plugins`: what a slot of a project resolved to. */
export interface SlotReport {
  project: string;
  slot: string;
  key: string;
  plugin: string;
  from: Resolved<never>["from"];
  file?: string;
}

export interface BuiltProject {
  project: EngineProject;
  report: SlotReport[];
}

/** The ProjectRef every plugin call about this project receives. */
export function projectRef(config: ResolvedConfig, project: ResolvedProject): ProjectRef {
  return {
    id: project.id,
    repo: project.repo,
    path: project.path,
    defaultBranch: project.defaultBranch,
    dataDir: join(config.home, "projects", project.id, "plugins"),
  };
}

/** Resolve (and import) every plugin of one project. */
export async function buildProject(
  config: ResolvedConfig,
  project: ResolvedProject,
  env: Record<string, string | undefined> = process.env,
): Promise<BuiltProject> {
  const s = project.slots;
  const missing = [
    ...(["runtime", "agent", "workspace", "tracker", "scm", "terminal", "lifecycle"] as const).flatMap(
      (slot) => missingEnv(s[slot].key, s[slot].value, env),
    ),
    ...s.notifiers.flatMap((n) => missingEnv(n.key, n.value, env)),
  ];
  if (missing.length > 0) throw errors.config(missing, config.file);
  const bases = { configDir: config.dir };
  const report: SlotReport[] = [];
  const note = <R extends { name: string; from: SlotReport["from"]; file?: string }>(
    slot: string,
    key: string,
    r: R,
  ): R => {
    report.push({
      project: project.id,
      slot,
      key,
      plugin: r.name,
      from: r.from,
      ...(r.file ? { file: r.file } : {}),
    });
    return r;
  };
  const runtime = note(
    "runtime",
    s.runtime.key,
    await resolveSlot("runtime", s.runtime.value, s.runtime.key, bases),
  );
  const agent = note("agent", s.agent.key, await resolveSlot("agent", s.agent.value, s.agent.key, bases));
  const workspace = note(
    "workspace",
    s.workspace.key,
    await resolveSlot("workspace", s.workspace.value, s.workspace.key, bases),
  );
  const accessProblems = impossibleWorkspaceAccess(project.id, runtime.plugin, workspace.plugin);
  if (accessProblems.length > 0) throw errors.config(accessProblems, config.file);
  const tracker = note(
    "tracker",
    s.tracker.key,
    await resolveSlot("tracker", s.tracker.value, s.tracker.key, bases),
  );
  const filterProblems = unsupportedIntakeFilters(project.id, project.intake, tracker.plugin);
  if (filterProblems.length > 0) throw errors.config(filterProblems, config.file);
  const scm = note("scm", s.scm.key, await resolveSlot("scm", s.scm.value, s.scm.key, bases));
  const notifiers = [];
  const notifierNames: string[] = [];
  for (const n of s.notifiers) {
    const plugin = note("notifier", n.key, await resolveSlot("notifier", n.value, n.key, bases)).plugin;
    notifiers.push(plugin);
    notifierNames.push(n.name ?? plugin.name);
  }
  const terminal = note(
    "terminal",
    s.terminal.key,
    await resolveSlot("terminal", s.terminal.value, s.terminal.key, bases),
  );
  // A lifecycle named by a string gets the config's `reactions` as its options.
  const lifecycle = note(
    "lifecycle",
    s.lifecycle.key,
    await resolveSlot("lifecycle", s.lifecycle.value, s.lifecycle.key, bases, config.reactions),
  );
  return {
    project: {
      ref: projectRef(config, project),
      plugins: {
        runtime: runtime.plugin,
        agent: agent.plugin,
        workspace: workspace.plugin,
        tracker: tracker.plugin,
        scm: scm.plugin,
        notifiers,
        terminal: terminal.plugin,
        lifecycle: lifecycle.plugin,
      },
      intake: project.intake,
      notifierNames,
      notificationRouting: config.notificationRouting,
      agentEnv: project.agentEnv,
      ...(project.agentRules !== undefined ? { agentRules: project.agentRules } : {}),
      ...(project.agentRulesFile !== undefined ? { agentRulesFile: project.agentRulesFile } : {}),
      ...(project.agentPermissions !== undefined ? { agentPermissions: project.agentPermissions } : {}),
      ...(project.budget !== undefined ? { budget: project.budget } : {}),
    },
    report,
  };
}

/** Resolve every project's plugins; `only` limits it to one project. */
export async function buildProjects(config: ResolvedConfig, only?: string): Promise<BuiltProject[]> {
  const projects = only ? config.projects.filter((p) => p.id === only) : config.projects;
  if (only && projects.length === 0)
    throw errors.projectNotFound(
      only,
      config.projects.map((p) => p.id),
    );
  const built: BuiltProject[] = [];
  for (const project of projects) built.push(await buildProject(config, project));
  return built;
}
