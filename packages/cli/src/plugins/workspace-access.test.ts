import { describe, expect, it } from "vitest";
import { impossibleWorkspaceAccess } from "./workspace-access.js";

const worktree = { name: "@ao/workspace-worktree" };

describe("runtime and workspace pairs that cannot work", () => {
  it("a host or mount runtime goes with a workspace on the host's disk", () => {
    expect(impossibleWorkspaceAccess("app", { name: "@ao/runtime-tmux" }, worktree)).toEqual([]);
    expect(
      impossibleWorkspaceAccess("app", { name: "@ao/runtime-docker", workspaceAccess: "mount" }, worktree),
    ).toEqual([]);
  });

  it("refuses a runtime that needs the workspace inside it with a host-disk workspace, naming both", () => {
    const problems = impossibleWorkspaceAccess(
      "app",
      {
        name: "@acme/runtime-pod",
        workspaceAccess: "inside",
        exec: async () => ({ exitCode: 0, stdout: "", stderr: "" }),
      },
      worktree,
    );
    expect(problems[0]).toMatch(
      /^projects\.app\.workspace: the runtime @acme\/runtime-pod needs a workspace made inside it .* @ao\/workspace-worktree serves only host, mount/,
    );
    // Nor can ao read that runtime's agent files without agentFiles().
    expect(problems[1]).toMatch(/^projects\.app\.runtime: .* has no agentFiles\(\)/);
    expect(problems).toHaveLength(2);
  });

  it("accepts an inside runtime with a workspace that serves it", () => {
    const runtime = {
      name: "@acme/runtime-pod",
      workspaceAccess: "inside" as const,
      exec: async () => ({ exitCode: 0, stdout: "", stderr: "" }),
      agentFiles: () => {
        throw new Error("not read at config time");
      },
    };
    expect(
      impossibleWorkspaceAccess("app", runtime, { name: "@acme/workspace-remote", serves: ["inside"] }),
    ).toEqual([]);
  });
});
