import { readFile } from "node:fs/promises";

/**
 * The kernel's start time of `pid` (Linux /proc), so a recycled pid is not
 * mistaken for the agent; undefined where /proc is not available.
 */
export async function startTimeOf(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name (which may contain spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z") return "zombie";
  return fields[19];
}

/** Whether `pid` runs and is still the process started at `startTime` (when known). */
export async function processAlive(pid: number, startTime: string | undefined): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: the pid now belongs to another user, so it is not ours any more.
    return false;
  }
  const now = await startTimeOf(pid);
  if (now === "zombie") return false;
  return startTime === undefined || now === undefined || now === startTime;
}

/** Signal the agent's whole process group (it leads one: it was spawned detached). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
