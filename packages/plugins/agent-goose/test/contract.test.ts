import { join } from "node:path";
import { agentContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import goose from "../src/index.js";

agentContract({
  name: "@ao/agent-goose",
  async setup() {
    const tmp = await tempDir("ao-goose-contract-");
    // Its own data dir: the checks never read a real Goose store, even with GOOSE_PATH_ROOT set.
    return {
      plugin: goose({ dataDir: join(tmp.path, "home", ".local", "share", "goose") }),
      cwd: join(tmp.path, "work"),
      home: join(tmp.path, "home"),
      cleanup: () => tmp.cleanup(),
    };
  },
});
