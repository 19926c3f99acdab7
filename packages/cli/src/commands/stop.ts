import { setTimeout as sleep } from "node:timers/promises";
import { isPidAlive } from "@ao/file-lock";
import { homeFor } from "../context.js";
import { say } from "../output.js";
import type { CommandRun } from "../program.js";

/** `ao stop`: SIGTERM the daemon of this home and wait until it is gone. */
export const run: CommandRun = async (_args, options) => {
  const { home } = await homeFor("stop", options);
  const { readDaemonInfo } = await import("@ao/engine");
  const info = readDaemonInfo(home);
  if (!info) {
    process.stderr.write(`No ao daemon is running for ${home}.\n`);
    return 0;
  }
  process.kill(info.pid, "SIGTERM");
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (!isPidAlive(info.pid)) {
      say(`stopped the ao daemon (pid ${info.pid})`);
      return 0;
    }
    await sleep(100);
  }
  process.stderr.write(
    `The daemon (pid ${info.pid}) did not stop within 20 s; it may be finishing a step. Check \`ao doctor\`.\n`,
  );
  return 1;
};
