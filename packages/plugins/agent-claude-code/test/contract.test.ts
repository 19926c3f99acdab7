import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import claudeCode from "../src/index.js";

agentContract({
  name: "@ao/agent-claude-code",
  async setup() {
    const tmp = await tempDir("ao-claude-contract-");
    // Its own config dir: the checks never touch a real ~/.claude.json, even with CLAUDE_CONFIG_DIR set.
    return {
      plugin: claudeCode({ configDir: join(tmp.path, "home", ".claude") }),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
