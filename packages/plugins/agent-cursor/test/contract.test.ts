import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import cursor from "../src/index.js";

agentContract({
  name: "@ao/agent-cursor",
  async setup() {
    const tmp = await tempDir("ao-cursor-contract-");
    return {
      plugin: cursor({}),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
