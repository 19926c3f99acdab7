import { workspaceContract } from "@ao/plugin-kit";
import { gitRepo, pushRemoteBranch, tempDir, testHost, testProject } from "@ao/testkit";
import worktree from "../src/index.js";

workspaceContract({
  name: "@ao/workspace-worktree",
  async setup() {
    const repo = await gitRepo();
    const home = await tempDir("ao-wt-contract-");
    const plugin = worktree();
    await plugin.setup?.(testHost(home.path));
    return {
      plugin,
      project: testProject({ path: repo.path, repo: repo.remote, defaultBranch: repo.defaultBranch }),
      pushBranch: (branch) => pushRemoteBranch(repo, branch),
      async cleanup() {
        await repo.cleanup();
        await home.cleanup();
      },
    };
  },
});
