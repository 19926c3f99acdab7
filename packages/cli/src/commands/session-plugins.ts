import type { SessionSnapshot } from "@ao/core";
import type { EngineProject } from "@ao/engine";
import { errors } from "@ao/core";
import { configFor, type GlobalOptions } from "../context.js";
import { readSessions } from "../journal.js";
import { buildProjects } from "../plugins/build.js";
import { stderrLogger } from "../log.js";

/** A session from the journal with its project's plugins (for attach and logs, which need no engine). */
export async function sessionWithPlugins(
  command: string,
  id: string,
  options: GlobalOptions,
): Promise<{ session: SessionSnapshot; project: EngineProject; home: string }> {
  const config = await configFor(command, options);
  const session = (await readSessions(config.home)).find((s) => s.id === id);
  if (!session) throw errors.sessionNotFound(id);
  const [built] = await buildProjects(config, session.project);
  const project = (built as { project: EngineProject }).project;
  // These commands use the plugins without an engine, so this process is their host.
  const host = { home: config.home, now: Date.now, log: stderrLogger() };
  await project.plugins.runtime.setup?.(host);
  await project.plugins.terminal?.setup?.(host);
  return { session, project, home: config.home };
}
