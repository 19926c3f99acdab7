import { runtimeContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import processRuntime from "../src/index.js";
import { host } from "./helpers.js";

runtimeContract({
  name: "@ao/runtime-process",
  async setup() {
    const dir = await tempDir("ao-rt-proc-contract-");
    const plugin = processRuntime({ killTimeoutMs: 1000 });
    await plugin.setup?.(host(dir.path));
    return {
      plugin,
      home: dir.path,
      cwd: dir.path,
      async cleanup() {
        await Promise.all((await plugin.list!()).map((handle) => plugin.destroy(handle)));
        await dir.cleanup();
      },
    };
  },
});
