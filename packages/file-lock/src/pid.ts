import { readFileSync } from "node:fs";

/**
 * The state letter of a Linux process from `/proc/<pid>/stat`, or null where
 * there is no procfs (macOS, BSD) or the process is gone. The command name in
 * parentheses may itself hold spaces and parentheses, so the state is read
 * after the last `)`.
 */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) || null;
  } catch {
    return null;
  }
}

/**
 * True when a process with this pid is running. A zombie (exited, not yet
 * reaped by its parent: state `Z`, or `X` while being reaped) is dead: it
 * holds no lock and will never release one. EPERM means the process exists
 * but belongs to another user: alive. Without procfs, a zombie counts as
 * alive until its parent reaps it (kill(pid, 0) cannot tell them apart).
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const state = procState(pid);
  return state !== "Z" && state !== "X";
}
