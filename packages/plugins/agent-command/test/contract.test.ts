import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import commandAgent from "../src/index.js";

agentContract({
  name: "@ao/agent-command",
  async setup() {
    const tmp = await tempDir("ao-agent-contract-");
    return {
      plugin: commandAgent({ run: "cat", messageFormat: "jsonl" }),
      cwd: tmp.path,
      cleanup: () => tmp.cleanup(),
    };
  },
});
