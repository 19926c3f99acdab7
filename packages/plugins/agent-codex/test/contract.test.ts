import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import codex from "../src/index.js";

agentContract({
  name: "@ao/agent-codex",
  async setup() {
    const tmp = await tempDir("ao-codex-contract-");
    // Its own Codex home: the checks never touch a real ~/.codex, even with CODEX_HOME set.
    return {
      plugin: codex({ codexHome: join(tmp.path, "home", ".codex") }),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
