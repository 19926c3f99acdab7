import { cp, lstat, mkdir, realpath, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { AoError, type OptionSpecs } from "@ao/core";
import { isInside } from "./paths.js";
import { outputTail, runShell } from "../process.js";

/** What to put into a fresh checkout besides the repository's files. */
export interface Provisioning {
  /** Paths copied from the main checkout (missing ones are skipped). */
  copy: string[];
  /** Paths linked (relative links) to the main checkout. */
  symlink: string[];
  /** Shell commands run in the checkout, in order. */
  postCreate: string[];
}

/**
 * The option descriptions of {@link Provisioning}, for a workspace plugin's
 * `definePlugin({ options })`: one description shared by every checkout kind
 * (`noun` names it in the docs: "worktree", "clone").
 */
export function provisioningOptions<N extends string>(noun: N) {
  return {
    postCreate: {
      type: "string-list",
      default: [],
      example: ["pnpm install"],
      doc: `Shell commands run in each new ${noun}; a failure fails the create.`,
    },
    copy: {
      type: "string-list",
      default: [],
      example: [".env"],
      doc: "Files copied from the main checkout; missing ones are skipped.",
    },
    symlink: {
      type: "string-list",
      default: [],
      example: ["node_modules"],
      doc: "Paths linked from the main checkout, as relative links.",
    },
  } as const satisfies OptionSpecs;
}

/** Copy, link and run the post-create commands in `checkout`; the first failure throws. */
export async function provision(
  plugin: string,
  source: string,
  checkout: string,
  spec: Provisioning,
): Promise<void> {
  const root = await realpath(source);
  for (const entry of spec.copy) {
    const from = await insideRepo(plugin, root, entry);
    if (from === null) continue;
    await mkdir(dirname(join(checkout, entry)), { recursive: true });
    await cp(from, join(checkout, entry), { recursive: true, force: true });
  }
  for (const entry of spec.symlink) {
    const target = await insideRepo(plugin, root, entry);
    if (target === null) continue;
    const link = join(checkout, entry);
    await mkdir(dirname(link), { recursive: true });
    if (await lstat(link).catch(() => null)) continue;
    await symlink(relative(dirname(link), target), link);
  }
  for (const command of spec.postCreate) {
    const result = await runShell(command, { cwd: checkout });
    if (result.exitCode !== 0) {
      const output = outputTail(`${result.stdout}${result.stderr}`);
      throw new AoError({
        code: "POST_CREATE_FAILED",
        message: `${plugin}: postCreate command ${JSON.stringify(command)} exited with ${result.exitCode} in ${checkout}:\n${output}`,
        hint: "Fix the command (or the repository) and retry; the checkout was removed.",
      });
    }
  }
}

/** The real path of `entry` in the main checkout, null when missing; a link escaping the repo throws. */
async function insideRepo(plugin: string, root: string, entry: string): Promise<string | null> {
  const real = await realpath(join(root, entry)).catch(() => null);
  if (real === null) return null;
  if (!isInside(root, real)) {
    throw new AoError({
      code: "PATH_ESCAPES_REPO",
      message: `${plugin}: ${JSON.stringify(entry)} resolves to ${real}, outside the repository ${root}.`,
      hint: "Only files inside the repository can be copied or linked into a workspace.",
    });
  }
  return real;
}
