import { readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ResourceOwner,
  type OptionInput,
  type OptionSpecs,
  type RuntimeHandle,
  definePlugin,
  errors,
  formatOwner,
  homeIdFor,
  parseOwner,
  runtimeNameFor,
  sameOwner,
} from "@ao/core";
import type { AttachChannel } from "@ao/plugin-kit/attach";
import { tmuxAttach } from "./attach/tmux-attach.js";
import { deliver } from "./deliver.js";
import { writeLaunchFiles } from "./launch.js";
import { run } from "@ao/plugin-kit/process";
import { shellQuote } from "./shell-quote.js";
import { Tmux, paneTarget, sessionTarget } from "./tmux.js";

const NAME = "@ao/runtime-tmux";
/** The tmux user option holding the owner stamp of a session ao made. */
export const OWNER_OPTION = "@ao-owner";

const OPTIONS = {
  socket: {
    type: "string",
    example: "ao",
    doc: "A separate tmux server (`tmux -L <socket>`); default: the user's own server, so `tmux ls` shows ao's sessions.",
  },
  historyLimit: {
    type: "number",
    integer: true,
    min: 0,
    default: 10_000,
    doc: "Scrollback lines kept per pane.",
  },
  width: {
    type: "number",
    integer: true,
    min: 10,
    default: 220,
    doc: "Pane width; captured output depends on it.",
  },
  height: { type: "number", integer: true, min: 5, default: 50, doc: "Pane height." },
  stateDir: { type: "string", doc: "Where logs and launch files live (default `<AO_HOME>/runtime-tmux`)." },
  confirmTimeoutMs: {
    type: "number",
    min: 50,
    default: 3000,
    doc: "How long to wait for the pane to react to Enter before retrying once, in ms.",
  },
  echo: {
    type: "boolean",
    default: false,
    doc: "Keep the terminal's echo of typed input for line-mode agents (otherwise the pane shows only their output).",
  },
} as const satisfies OptionSpecs;

/** Options of the tmux runtime. */
export type TmuxRuntimeOptions = OptionInput<typeof OPTIONS>;

/** The tmux session name for an ao session: scoped by AO_HOME and project, free of tmux's `.` and `:`. */
export function sessionNameFor(owner: ResourceOwner): string {
  return runtimeNameFor(owner);
}

export default definePlugin({
  slot: "runtime",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    const { echo, socket, historyLimit, width, height } = opts;
    const confirmMs = opts.confirmTimeoutMs;
    let stateDir = opts.stateDir;
    const tmux = new Tmux(socket);
    const sending = new Map<string, Promise<void>>();
    // Open viewers per session: each holds a tmux control client, which must never outlive its view.
    const viewers = new Map<string, Set<AttachChannel>>();
    const endViewers = async (name: string) => {
      const open = [...(viewers.get(name) ?? [])];
      for (const channel of open) channel.end({ reason: "ended" });
      await Promise.all(open.map((channel) => channel.stream.closed));
    };
    let homeId: string | undefined;

    const dirOf = (name: string) =>
      join(stateDir ?? join(tmpdir(), `ao-runtime-tmux-${process.getuid?.() ?? 0}`), name);
    const logOf = (name: string) => join(dirOf(name), "output.log");

    return {
      setup(host) {
        stateDir ??= join(host.home, "runtime-tmux");
        homeId = homeIdFor(host.home);
      },

      async create({ owner, cwd, command, env }) {
        const name = sessionNameFor(owner);
        if (!(await stat(cwd).catch(() => null))?.isDirectory()) {
          throw errors.usage(
            `${NAME}: the working directory ${cwd} does not exist.`,
            "Restore the session (`ao restore <id>`): it re-creates a missing workspace.",
          );
        }
        const existing = await tmux.pane(name);
        if (existing) {
          // A name proves nothing (a user's own session, another AO_HOME): only the stamp does.
          const stamp = await tmux.option(name, OWNER_OPTION);
          if (!sameOwner(parseOwner(stamp), owner)) {
            throw errors.runtimeConflict(
              name,
              stamp === null
                ? "it carries no ao owner stamp (it may be a tmux session of your own)"
                : `it is stamped for another owner (${stamp})`,
            );
          }
          if (!existing.dead) return handleFor(name, cwd, owner);
          await tmux.run(["kill-session", "-t", sessionTarget(name)]);
        }
        await rm(dirOf(name), { recursive: true, force: true });
        const files = await writeLaunchFiles(NAME, dirOf(name), command, env, echo);
        // One tmux invocation, so the pane cannot exit before remain-on-exit and pipe-pane are in
        // place. The first window is a placeholder: history-limit only applies to panes created
        // after it is set, so the agent runs in a second window and the placeholder is killed.
        const start = [
          "new-session",
          "-d",
          "-s",
          name,
          "-x",
          String(width),
          "-y",
          String(height),
          "-c",
          cwd,
          "sleep",
          "5",
          ";",
          "set-option",
          "-t",
          paneTarget(name),
          OWNER_OPTION,
          formatOwner(owner),
          ";",
          "set-option",
          "-t",
          paneTarget(name),
          "history-limit",
          String(historyLimit),
          ";",
          // A user's `destroy-unattached on` would end every detached agent at once.
          "set-option",
          "-t",
          paneTarget(name),
          "destroy-unattached",
          "off",
          ";",
          "new-window",
          "-t",
          paneTarget(name),
          "-c",
          cwd,
          "sh",
          files.script,
          ";",
          "set-option",
          "-w",
          "-t",
          paneTarget(name),
          "remain-on-exit",
          "on",
          ";",
          "kill-window",
          "-a",
          "-t",
          paneTarget(name),
          ";",
          "pipe-pane",
          "-o",
          "-t",
          paneTarget(name),
          `cat >> ${shellQuote(files.log)}`,
        ];
        let result = await tmux.run(start);
        // The last session's end takes the server down; a create racing that shutdown is retried once.
        if (result.exitCode !== 0 && /server exited unexpectedly/.test(result.stderr))
          result = await tmux.run(start);
        if (result.exitCode !== 0) {
          await tmux.run(["kill-session", "-t", sessionTarget(name)]);
          await rm(files.dir, { recursive: true, force: true });
          throw errors.usage(
            `${NAME}: starting tmux session ${name} failed: ${result.stderr.trim()}`,
            "Check that tmux works here (`tmux -V`, `ao doctor`), or use the process runtime.",
          );
        }
        return handleFor(name, cwd, owner);
      },

      async destroy(handle) {
        await endViewers(handle.id);
        await tmux.run(["kill-session", "-t", sessionTarget(handle.id)]);
        await rm(dirOf(handle.id), { recursive: true, force: true });
      },

      sendMessage(handle, text) {
        // Two messages typed at once would interleave their keys: one delivery per session at a time.
        const previous = sending.get(handle.id) ?? Promise.resolve();
        const next = previous.then(() =>
          deliver({ tmux, name: handle.id, log: logOf(handle.id), confirmMs }, text),
        );
        const settled = next.then(
          () => {},
          () => {},
        );
        sending.set(handle.id, settled);
        void settled.then(() => {
          if (sending.get(handle.id) === settled) sending.delete(handle.id);
        });
        return next;
      },

      async getOutput(handle, lines = 100) {
        const count = Math.max(1, Math.floor(lines));
        const result = await tmux.run([
          "capture-pane",
          "-p",
          "-J",
          "-t",
          paneTarget(handle.id),
          "-S",
          String(-count),
        ]);
        const text =
          result.exitCode === 0
            ? result.stdout
            : stripAnsi(await readFile(logOf(handle.id), "utf8").catch(() => ""));
        return lastLines(text, count);
      },

      async isAlive(handle) {
        const pane = await tmux.pane(handle.id);
        return pane !== null && !pane.dead;
      },

      async lastOutputAt(handle) {
        const info = await stat(logOf(handle.id)).catch(() => null);
        // An empty log means the agent printed nothing yet.
        return info && info.size > 0 ? info.mtimeMs : null;
      },

      async exec(handle, argv) {
        if (argv.length === 0)
          throw errors.usage(`${NAME}: exec needs a command.`, "Pass an argv with at least one element.");
        const cwd = typeof handle.data?.cwd === "string" ? handle.data.cwd : undefined;
        const [file, ...args] = argv as [string, ...string[]];
        return run(file, args, cwd === undefined ? {} : { cwd });
      },

      async attach(handle, size) {
        const { stream, channel } = await tmuxAttach(tmux, handle.id, size, (closed) => {
          const set = viewers.get(handle.id);
          set?.delete(closed);
          if (set?.size === 0) viewers.delete(handle.id);
        });
        if (!channel.ended) {
          const set = viewers.get(handle.id) ?? new Set();
          set.add(channel);
          viewers.set(handle.id, set);
        }
        return stream;
      },

      async dispose() {
        await Promise.all([...viewers.keys()].map(endViewers));
      },

      attachInfo(handle) {
        return socket === undefined
          ? { type: "tmux", target: handle.id }
          : { type: "tmux", target: handle.id, socket };
      },

      async list() {
        const found: RuntimeHandle[] = [];
        for (const { name, stamp } of await tmux.sessionsWith(OWNER_OPTION)) {
          const owner = parseOwner(stamp);
          // Only what this AO_HOME stamped: a user's `ao-notes` or another home's agents are not ours.
          if (owner && (homeId === undefined || owner.home === homeId) && name === sessionNameFor(owner))
            found.push({ id: name, owner, data: { log: logOf(name) } });
        }
        return found;
      },
    };

    function handleFor(name: string, cwd: string, owner: ResourceOwner): RuntimeHandle {
      return {
        id: name,
        owner: { ...owner },
        data: { cwd, log: logOf(name), ...(socket === undefined ? {} : { socket }) },
      };
    }
  },
});

function lastLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, "").split("\n");
  return lines.slice(-count).join("\n");
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\r/g, "");
}
