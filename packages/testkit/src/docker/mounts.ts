import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Decode the octal escapes (`\040` for a space) /proc/self/mountinfo uses in paths. */
const decode = (path: string) =>
  path.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** The mount points at or below `dir`, deepest first (the order to unmount them in). */
export function mountsUnder(dir: string, mountinfo?: string): string[] {
  let text = mountinfo;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/self/mountinfo", "utf8");
    } catch {
      return [];
    }
  }
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const points = text
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map(decode)
    .filter((p) => p === dir || p.startsWith(prefix));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * Unmount everything dockerd left mounted below its directory (overlay
 * layers, shm, netns files when it was killed), so removing the directory
 * neither fails nor leaks a mount. Lazy unmount as a fallback for a busy one.
 */
export function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) {
    try {
      execFileSync("umount", [point], { stdio: "ignore" });
    } catch {
      try {
        execFileSync("umount", ["-l", point], { stdio: "ignore" });
      } catch {
        // not mounted any more
      }
    }
  }
}
