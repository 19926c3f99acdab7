import { type ChildProcess, spawn } from "node:child_process";
import { definePlugin, errors, type ResourceOwner, runtimeNameFor, sameOwner } from "@ao/core";

/**
 * A tiny real runtime for testing the runtime contract itself: a child process
 * whose stdin gets messages and whose stdout is the output. `submits` makes it
 * deliberately broken (a message submitted more than once), and so does
 * `adoptAny` (a same-named runtime adopted whoever made it).
 */
export const inlineRuntime = definePlugin<"runtime", { submits?: number; adoptAny?: boolean }>({
  slot: "runtime",
  name: "inline-runtime",
  create(options) {
    const procs = new Map<
      string,
      { child: ChildProcess; owner: ResourceOwner; output: string[]; alive: boolean }
    >();
    return {
      async create(o) {
        const id = runtimeNameFor(o.owner);
        const existing = procs.get(id);
        if (existing?.alive) {
          if (!options.adoptAny && !sameOwner(existing.owner, o.owner))
            throw errors.runtimeConflict(id, "another owner made it");
          return { id, owner: existing.owner };
        }
        const [file, ...args] = o.command;
        const child = spawn(file!, args, { cwd: o.cwd, env: o.env, stdio: "pipe" });
        const entry = { child, owner: o.owner, output: [] as string[], alive: true };
        let partial = "";
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
          const lines = (partial + chunk).split("\n");
          partial = lines.pop() ?? "";
          entry.output.push(...lines);
        });
        child.on("exit", () => {
          entry.alive = false;
        });
        await new Promise<void>((resolve, reject) => {
          child.once("spawn", resolve);
          child.once("error", reject);
        });
        procs.set(id, entry);
        return { id, owner: o.owner };
      },
      async destroy(handle) {
        const entry = procs.get(handle.id);
        if (!entry) return;
        procs.delete(handle.id);
        if (entry.alive) {
          const exited = new Promise((resolve) => entry.child.once("exit", resolve));
          entry.child.kill();
          await exited;
        }
      },
      async sendMessage(handle, text) {
        const entry = procs.get(handle.id);
        if (!entry?.alive) throw errors.deliveryFailed(handle.id, "the process is not running");
        for (let i = 0; i < (options.submits ?? 1); i++) entry.child.stdin?.write(`${text}\n`);
      },
      async getOutput(handle, lines = 50) {
        return (procs.get(handle.id)?.output ?? []).slice(-lines).join("\n");
      },
      async isAlive(handle) {
        return procs.get(handle.id)?.alive ?? false;
      },
    };
  },
});
