import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Child-process tests (contending lock holders) run the built
 * dist: rebuild it first when any source is newer, so `pnpm --filter
 * @ao/file-lock test` is right on its own, without turbo.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, "..");
  const built = (() => {
    try {
      return statSync(join(root, "dist/index.js")).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const src = join(root, "src");
  const newest = Math.max(...readdirSync(src).map((f) => statSync(join(src, f)).mtimeMs));
  if (newest > built) execFileSync("pnpm", ["exec", "tsup"], { cwd: root, stdio: "ignore" });
}
