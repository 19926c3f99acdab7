import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import opencode from "../src/index.js";

agentContract({
  name: "@ao/agent-opencode",
  async setup() {
    const tmp = await tempDir("ao-opencode-contract-");
    // Its own data dir: the checks never read a real OpenCode storage, even with XDG_DATA_HOME set.
    return {
      plugin: opencode({ dataDir: join(tmp.path, "home", ".local", "share", "opencode") }),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
