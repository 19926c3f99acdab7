// A fake `goose` (Goose CLI): `goose session` and `goose run` with their
// flags (clap's errors), GOOSE_MODE for approvals, the screen at the points ao
// reads (the `( O)>` prompt, the tool approval question, errors), and the
// SQLite session store with messages and token counts. `.goosehints` in the
// working directory is read at start, as Goose does.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "./args.mjs";
import {
  addMessage,
  addTokens,
  createSession,
  gooseConfigDir,
  openStore,
  sessionByName,
} from "./goose-store.mjs";
import { MessageInput } from "./input.mjs";
import { loadScenario } from "./scenario.mjs";
import { interactive } from "./session-loop.mjs";

export const VERSION = "1.21.0";
const MODES = ["auto", "approve", "smart_approve", "chat"];

/** @param {string} sub @returns {import("./args.mjs").ArgSpec} */
const spec = (sub) => ({
  flags: {
    name: { names: ["-n", "--name"], value: true },
    resume: { names: ["-r", "--resume"] },
    sessionId: { names: ["--session-id"], value: true },
    withBuiltin: { names: ["--with-builtin"], value: true, repeat: true },
    withExtension: { names: ["--with-extension"], value: true, repeat: true },
    maxTurns: { names: ["--max-turns"], value: true },
    debug: { names: ["--debug"] },
    ...(sub === "run"
      ? {
          text: { names: ["-t", "--text"], value: true },
          instructions: { names: ["-i", "--instructions"], value: true },
          interactive: { names: ["-s", "--interactive"] },
          system: { names: ["--system"], value: true },
          provider: { names: ["--provider"], value: true },
          model: { names: ["--model"], value: true },
          noSession: { names: ["--no-session"] },
          quiet: { names: ["-q", "--quiet"] },
        }
      : {}),
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({
    text: `error: unexpected argument '${flag}' found\n\nUsage: goose ${sub} [OPTIONS]\n\nFor more information, try '--help'.\n`,
    code: 2,
  }),
  badChoice: (flag, value) => ({ text: `error: invalid value '${value}' for '${flag}'\n`, code: 2 }),
});

const out = (/** @type {string} */ text) => process.stdout.write(text);

/** @param {string[]} argv */
export async function main(argv) {
  const [sub, ...rest] = argv;
  if (sub === "--version" || sub === "-V") return out(`goose ${VERSION}\n`);
  if (sub !== "session" && sub !== "run") {
    process.stderr.write(
      `error: unrecognized subcommand '${sub ?? ""}'\n\nUsage: goose [COMMAND]\n\nFor more information, try '--help'.\n`,
    );
    process.exit(2);
  }
  const { flags, positional } = parseArgs(rest, spec(sub));
  if (positional.length) {
    const { text, code } = spec(sub).unknown(/** @type {string} */ (positional[0]));
    process.stderr.write(text);
    process.exit(code);
  }
  const mode = process.env.GOOSE_MODE ?? "auto";
  if (!MODES.includes(mode)) {
    process.stderr.write(`Error: invalid GOOSE_MODE '${mode}' (expected one of ${MODES.join(", ")})\n`);
    process.exit(1);
  }
  const cwd = process.cwd();
  let prompt = "";
  if (flags.text !== undefined) prompt = String(flags.text);
  else if (flags.instructions !== undefined) {
    try {
      prompt = readFileSync(resolve(cwd, String(flags.instructions)), "utf8");
    } catch {
      process.stderr.write(`Error: could not read instructions file ${flags.instructions}\n`);
      process.exit(1);
    }
  }
  if (sub === "run" && !prompt) {
    process.stderr.write("Error: Must provide either --instructions (-i), --text (-t), or --recipe.\n");
    process.exit(1);
  }
  const name = String(flags.name ?? "");
  const db = openStore();
  let id = flags.sessionId ? String(flags.sessionId) : null;
  if (flags.resume) {
    id ??= name ? sessionByName(db, name) : null;
    if (!id) {
      process.stderr.write(`Error: No session found${name ? ` with name '${name}'` : ""}\n`);
      process.exit(1);
    }
  } else id = createSession(db, cwd, name);
  const session = /** @type {string} */ (id);
  const model = String(flags.model ?? process.env.GOOSE_MODEL ?? "gpt-4o");
  const hints = existsSync(resolve(cwd, ".goosehints"))
    ? readFileSync(resolve(cwd, ".goosehints"), "utf8")
    : "";
  const scenario = loadScenario(gooseConfigDir(), prompt);
  const input = new MessageInput();
  const text = (/** @type {string} */ t) => [{ type: "text", text: t }];
  const approves = mode === "approve" || mode === "smart_approve";

  /** @type {import("./session-loop.mjs").Tui} */
  const tui = {
    cwd,
    input,
    banner() {
      out(
        `starting session | provider: openai model: ${model}\n    session id: ${session}\n    working directory: ${cwd}\n${hints ? "    loaded .goosehints\n" : ""}\n`,
      );
    },
    trusted: () => true,
    trustPrompt() {},
    acceptTrust() {},
    userMessage(message) {
      addMessage(db, session, "user", text(message));
    },
    async work(label, ms, tokens) {
      out(`◇ ${label}\n`);
      await new Promise((r) => setTimeout(r, ms));
      addMessage(db, session, "assistant", text(label));
      addTokens(db, session, (tokens.input ?? 0) + (tokens.cacheRead ?? 0), tokens.output ?? 0);
    },
    say(t) {
      out(`${t}\n`);
      addMessage(db, session, "assistant", text(t));
      addTokens(db, session, 10, Math.ceil(t.length / 4));
    },
    title() {},
    toolUse(tool, toolInput, result) {
      const callId = `toolu_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
      const command = tool === "Bash" ? String(toolInput.command) : `write ${toolInput.file_path}`;
      out(
        `─── shell | developer ──────────────────────────\ncommand: ${command}\n\n${result.split("\n")[0]}\n`,
      );
      addMessage(db, session, "assistant", [
        {
          type: "toolRequest",
          id: callId,
          toolCall: { status: "success", value: { name: "developer__shell", arguments: { command } } },
        },
      ]);
      addMessage(db, session, "user", [
        { type: "toolResponse", id: callId, toolResult: { status: "success", value: text(result) } },
      ]);
    },
    async askPermission(detail) {
      if (!approves) return true;
      addMessage(db, session, "assistant", [
        {
          type: "toolRequest",
          id: `toolu_${randomUUID().slice(0, 8)}`,
          toolCall: {
            status: "success",
            value: { name: "developer__shell", arguments: { command: detail } },
          },
        },
      ]);
      out(
        `─── shell | developer ──────────────────────────\ncommand: ${detail}\n\n◆  Goose would like to call the above tool, do you allow?\n│  ● Allow / ○ Always Allow / ○ Deny\n└\n`,
      );
      const answer = await input.next();
      return answer !== null && /^\s*(y|yes|allow|a|1)?\s*$/i.test(answer);
    },
    usageLimit(resetsAt) {
      const seconds = Math.max(1, Math.round((resetsAt.getTime() - Date.now()) / 1000));
      out(
        `Ran into this error: Rate limit exceeded: Please retry after ${seconds}s.\n\nPlease retry if you think this is a transient or recoverable error.\n`,
      );
    },
    turnEnd() {},
    idle() {
      out("\n( O)> ");
    },
    end() {
      db.close();
    },
    async exit(code) {
      db.close();
      process.exit(code);
    },
  };
  if (sub === "run" && !flags.interactive) {
    // One turn, then exit: as `goose run` without `-s`.
    const { runSteps } = await import("./scenario.mjs");
    tui.banner();
    tui.userMessage(prompt);
    await runSteps(scenario.start, tui);
    db.close();
    process.exit(0);
  }
  if (flags.resume) out(`resuming session | ${session}\n`);
  await interactive(tui, scenario, prompt);
}
