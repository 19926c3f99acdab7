import type { RuntimePlugin, WorkspaceAccess, WorkspacePlugin } from "@ao/core";

/** What a workspace plugin serves when it does not say: a checkout on this machine's disk. */
const HOST_DISK: readonly WorkspaceAccess[] = ["host", "mount"];

/**
 * Config problems for a runtime and workspace that cannot work together
 * (docs/runtimes.md): found at load, because at spawn the first session would
 * fail half-made, with a workspace on a disk its agent cannot see.
 */
export function impossibleWorkspaceAccess(
  projectId: string,
  runtime: Pick<RuntimePlugin, "name" | "workspaceAccess" | "exec" | "agentFiles">,
  workspace: Pick<WorkspacePlugin, "name" | "serves">,
): string[] {
  const access = runtime.workspaceAccess ?? "host";
  const served = workspace.serves ?? HOST_DISK;
  const problems: string[] = [];
  if (!served.includes(access)) {
    problems.push(
      `projects.${projectId}.workspace: the runtime ${runtime.name} needs a workspace made ${
        access === "inside" ? "inside it (through its exec)" : `with access "${access}"`
      }, and the workspace ${workspace.name} serves only ${served.join(", ")} — ` +
        `use a workspace that serves "${access}" (e.g. workspace: "clone" once it does), or a runtime that mounts the host's disk (e.g. runtime: "docker")`,
    );
  }
  if (access === "inside") {
    for (const method of ["exec", "agentFiles"] as const) {
      if (runtime[method]) continue;
      problems.push(
        `projects.${projectId}.runtime: the runtime ${runtime.name} says the workspace lives inside it but has no ${method}() — ` +
          "ao could not reach the workspace or the agent's files; use another runtime, or report it to its author",
      );
    }
  }
  return problems;
}
