import { createInterface } from "node:readline/promises";
import { errors } from "@ao/core";

/**
 * A cloned repository's `ao.config.ts` is code that runs with the user's
 * permissions, as are plugins it resolves from the clone's node_modules. Ask
 * before using it; `--yes` accepts. Without a terminal there is nobody to ask:
 * refuse rather than wait on stdin.
 */
export async function confirmClonedRepo(url: string, dir: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw errors.untrustedRepo(url, dir);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(
      `${dir} was cloned from ${url}. Its ao.config.ts (and plugins it loads from there) will run as you. Run it? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) throw errors.untrustedRepo(url, dir);
  } finally {
    rl.close();
  }
}
