import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import aider from "../src/index.js";

agentContract({
  name: "@ao/agent-aider",
  async setup() {
    const tmp = await tempDir("ao-aider-contract-");
    return {
      plugin: aider({}),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
