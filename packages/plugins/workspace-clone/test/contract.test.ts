import { workspaceContract } from "@ao/plugin-kit";
import { gitRepo, pushRemoteBranch, tempDir, testHost, testProject } from "@ao/testkit";
import clone from "../src/index.js";

workspaceContract({
  name: "@ao/workspace-clone",
  async setup() {
    const repo = await gitRepo();
    const home = await tempDir("ao-clone-contract-");
    const plugin = clone();
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
