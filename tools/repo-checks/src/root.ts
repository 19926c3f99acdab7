import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository root: the nearest folder up from `start` with a pnpm-workspace.yaml. */
export function findRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`No pnpm-workspace.yaml above ${start}; pass the repository root.`);
  }
}
