import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { scmContract } from "@ao/plugin-kit";
import { gitRepo, tempDir, testProject } from "@ao/testkit";
import scmLocal, { localScmState } from "../src/index.js";
import { waitForCi } from "./helpers.js";

// CI fails when the head holds ci-fail.txt, printing it: that is how the contract makes CI fail.
const CI = 'if [ -f ci-fail.txt ]; then cat ci-fail.txt; exit 1; fi; echo "all good"';

let counter = 0;

scmContract({
  name: "@ao/scm-local",
  async setup() {
    const repo = await gitRepo();
    const data = await tempDir("ao-scm-contract-");
    const project = testProject({ repo: repo.remote, path: repo.path, dataDir: data.path });
    const plugin = scmLocal({ ci: CI });
    const branch = `ao/contract-${++counter}`;
    await repo.git(["checkout", "--quiet", "-b", branch]);
    await writeFile(join(repo.path, "change.txt"), "a change\n");
    await repo.git(["add", "change.txt"]);
    await repo.git(["commit", "--quiet", "-m", "A change"]);
    const workspace = { path: repo.path, branch };
    return {
      plugin,
      project,
      workspaceWithCommits: workspace,
      drive: {
        async ciPassed(pr) {
          await waitForCi(plugin, project, pr);
        },
        async ciFailed(pr, log) {
          await waitForCi(plugin, project, pr);
          await writeFile(join(repo.path, "ci-fail.txt"), `${log}\n`);
          await repo.git(["add", "ci-fail.txt"]);
          await repo.git(["commit", "--quiet", "-m", "Break CI"]);
          await plugin.push(project, workspace);
        },
        close: (pr) => localScmState(project).close(pr),
      },
      async cleanup() {
        await plugin.dispose?.();
        await data.cleanup();
        await repo.cleanup();
      },
    };
  },
});
