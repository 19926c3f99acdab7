import { join } from "node:path";
import { trackerContract } from "@ao/plugin-kit";
import { tempDir, testProject } from "@ao/testkit";
import trackerLocal, { writeIssue } from "../src/index.js";

trackerContract({
  name: "@ao/tracker-local",
  async setup() {
    const tmp = await tempDir("ao-tracker-contract-");
    const project = testProject({ path: tmp.path });
    const plugin = trackerLocal();
    let next = 0;
    return {
      plugin,
      project,
      async seed(issues) {
        const seeded = [];
        for (const issue of issues) {
          const id = String(++next);
          await writeIssue(join(tmp.path, ".ao/issues"), id, issue);
          seeded.push(await plugin.getIssue(project, id));
        }
        return seeded;
      },
      cleanup: () => tmp.cleanup(),
    };
  },
});
