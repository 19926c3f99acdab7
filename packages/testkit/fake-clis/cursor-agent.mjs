// A fake `cursor-agent` (Cursor's agent CLI): its flags (commander's
// errors), the workspace trust question on a first run in a directory,
// "Run this command?" unless --force or `.cursor/cli.json` allows it, the
// rules in `.cursor/rules/*.mdc`, the screen at the points ao reads, and the
// chat id it prints for `--resume`. Cursor's own chat store is undocumented:
// the fake keeps what it needs (trusted workspaces, chat ids) in files of
// its own under ~/.cursor, which ao never reads.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "./args.mjs";
import { MessageInput } from "./input.mjs";
import { loadScenario } from "./scenario.mjs";
import { interactive } from "./session-loop.mjs";

export const VERSION = "2025.11.25-d5b3271";

/** @type {import("./args.mjs").ArgSpec} */
const SPEC = {
  flags: {
    print: { names: ["-p", "--print"] },
    outputFormat: { names: ["--output-format"], value: true, choices: ["text", "json", "stream-json"] },
    streamPartial: { names: ["--stream-partial-output"] },
    model: { names: ["-m", "--model"], value: true },
    resume: { names: ["--resume"], value: true },
    continue: { names: ["--continue"] },
    force: { names: ["-f", "--force"] },
    apiKey: { names: ["--api-key"], value: true },
    version: { names: ["-v", "--version"] },
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({ text: `error: unknown option '${flag}'\n`, code: 1 }),
  badChoice: (flag, value, choices) => ({
    text: `error: option '${flag} <format>' argument '${value}' is invalid. Allowed choices are ${choices.join(", ")}.\n`,
    code: 1,
  }),
};

const out = (/** @type {string} */ text) => process.stdout.write(text);
const configDir = () => join(process.env.HOME || homedir(), ".cursor");
const fakeState = () => join(configDir(), "fake-state.json");

function loadState() {
  try {
    return JSON.parse(readFileSync(fakeState(), "utf8"));
  } catch {
    return { trusted: [], chats: {} };
  }
}
/** @param {{ trusted: string[]; chats: Record<string, string> }} state */
function saveState(state) {
  mkdirSync(configDir(), { recursive: true });
  writeFileSync(fakeState(), JSON.stringify(state));
}

/** The allow list of the project's `.cursor/cli.json` (a broken file allows nothing). @param {string} cwd */
function allowList(cwd) {
  try {
    const config = JSON.parse(readFileSync(join(cwd, ".cursor", "cli.json"), "utf8"));
    return Array.isArray(config.permissions?.allow) ? config.permissions.allow.map(String) : [];
  } catch {
    return [];
  }
}

/** @param {string[]} argv */
export async function main(argv) {
  const { flags, positional } = parseArgs(argv, SPEC);
  if (flags.version) return out(`${VERSION}\n`);
  if (flags.help) return out("Usage: cursor-agent [options] [command] [prompt...]\n");
  if (positional[0] === "create-chat") {
    const id = randomUUID();
    const state = loadState();
    state.chats[id] = process.cwd();
    saveState(state);
    return out(`${id}\n`);
  }
  if (positional[0] === "status") return out("✓ Logged in\n");
  const cwd = process.cwd();
  const state = loadState();
  let chat;
  if (flags.resume) {
    chat = String(flags.resume);
    if (!state.chats[chat]) {
      process.stderr.write(`Error: chat ${chat} not found\n`);
      process.exit(1);
    }
  } else {
    chat = randomUUID();
    state.chats[chat] = cwd;
    saveState(state);
  }
  const prompt = positional.join(" ");
  const rulesDir = join(cwd, ".cursor", "rules");
  const rules = existsSync(rulesDir)
    ? readdirSync(rulesDir).filter(
        (f) => f.endsWith(".mdc") && /alwaysApply: true/.test(readFileSync(join(rulesDir, f), "utf8")),
      )
    : [];
  const scenario = loadScenario(configDir(), prompt);
  const input = new MessageInput();
  const allows = (/** @type {string} */ command) =>
    flags.force ||
    allowList(cwd).some(
      (/** @type {string} */ rule) => rule === "Shell(**)" || rule === `Shell(${command.split(" ")[0]})`,
    );

  /** @type {import("./session-loop.mjs").Tui} */
  const tui = {
    cwd,
    input,
    banner() {
      out(`Cursor Agent v${VERSION}\n${cwd}\n`);
      for (const rule of rules) out(`  rule: ${rule}\n`);
      out("\n");
    },
    trusted: () => loadState().trusted.includes(resolve(cwd)),
    trustPrompt() {
      out(
        "⚠ Workspace Trust Required\nDo you trust the contents of this directory?\n(y) Trust this workspace   (n) Quit\n",
      );
    },
    acceptTrust() {
      const now = loadState();
      now.trusted.push(resolve(cwd));
      saveState(now);
    },
    userMessage() {},
    async work(label, ms) {
      out(`⬢ Generating… ${label}\n`);
      await new Promise((r) => setTimeout(r, ms));
    },
    say(t) {
      out(`${t}\n`);
    },
    title() {},
    toolUse(tool, toolInput, result) {
      const command = tool === "Bash" ? String(toolInput.command) : `write ${toolInput.file_path}`;
      out(`$ ${command}\n${result.split("\n")[0]}\n`);
    },
    async askPermission(detail) {
      if (allows(detail)) return true;
      out(`$ ${detail}\nRun this command? (y) run  (n) skip\n`);
      const given = await input.next();
      return given !== null && /^\s*(y|yes)?\s*$/i.test(given);
    },
    usageLimit(resetsAt) {
      const minutes = Math.max(1, Math.round((resetsAt.getTime() - Date.now()) / 60_000));
      out(`You've hit your usage limit. Try again in ${minutes} minutes.\n`);
    },
    turnEnd() {},
    idle() {
      out("\n→ Add a follow-up\n");
    },
    end() {
      out(`\nTo resume this chat: cursor-agent --resume=${chat}\n`);
    },
    async exit(code) {
      out(`\nTo resume this chat: cursor-agent --resume=${chat}\n`);
      process.exit(code);
    },
  };
  if (flags.resume) out(`Resuming chat ${chat}\n`);
  await interactive(tui, scenario, prompt);
}
