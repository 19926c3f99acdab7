import { relative } from "node:path";
import { errors } from "@ao/core";
import type { ResolvedConfig } from "./config/normalize.js";

/**
 * The project a command means: `--project`, else the only one, else the one
 * whose checkout holds the working directory.
 */
export function selectProject(config: ResolvedConfig, given: unknown, cwd = process.cwd()): string {
  const ids = config.projects.map((p) => p.id);
  if (typeof given === "string") {
    if (!ids.includes(given)) throw errors.projectNotFound(given, ids);
    return given;
  }
  if (config.projects.length === 1) return ids[0] as string;
  const inside = config.projects.filter((p) => {
    const rel = relative(p.path, cwd);
    return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
  });
  if (inside.length === 1) return (inside[0] as { id: string }).id;
  throw errors.usage(
    `Several projects are configured (${ids.join(", ")}); say which one.`,
    "Pass --project <id>.",
  );
}
