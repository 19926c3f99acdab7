import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { notifierContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import notifierDesktop from "../src/index.js";

// The contract runs against a fake notify-send first on PATH that records each call's argv in its own file.
notifierContract({
  name: "@ao/notifier-desktop",
  async setup() {
    const tmp = await tempDir("ao-desktop-contract-");
    const bin = join(tmp.path, "bin");
    const calls = join(tmp.path, "calls");
    await mkdir(bin);
    await mkdir(calls);
    const tool = process.platform === "darwin" ? "osascript" : "notify-send";
    await writeFile(
      join(bin, tool),
      `#!/bin/sh\nf=$(mktemp '${calls}/call.XXXXXX')\nfor a in "$@"; do printf '%s\\n' "$a"; done > "$f"\n`,
    );
    await chmod(join(bin, tool), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    return {
      plugin: notifierDesktop(),
      async received() {
        const names = await readdir(calls);
        return Promise.all(names.map((n) => readFile(join(calls, n), "utf8")));
      },
      async cleanup() {
        process.env.PATH = savedPath;
        await tmp.cleanup();
      },
    };
  },
});
