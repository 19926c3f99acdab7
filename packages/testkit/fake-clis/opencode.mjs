// A fake `opencode` (OpenCode's TUI): its flags (yargs' errors), the
// permission config from OPENCODE_CONFIG_CONTENT, the `instructions` files
// and AGENTS.md, the screen at the points ao reads (the permission question,
// provider errors), and the JSON session storage with tokens and cost per
// assistant message. `--session` resumes a stored session.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "./args.mjs";
import { MessageInput } from "./input.mjs";
import {
  addPart,
  createSession,
  findSession,
  newId,
  opencodeConfigDir,
  writeMessage,
} from "./opencode-store.mjs";
import { loadScenario } from "./scenario.mjs";
import { interactive } from "./session-loop.mjs";

export const VERSION = "1.1.20";

/** @type {import("./args.mjs").ArgSpec} */
const SPEC = {
  flags: {
    model: { names: ["-m", "--model"], value: true },
    session: { names: ["-s", "--session"], value: true },
    continue: { names: ["-c", "--continue"] },
    prompt: { names: ["--prompt"], value: true },
    agent: { names: ["--agent"], value: true },
    port: { names: ["--port"], value: true },
    hostname: { names: ["--hostname"], value: true },
    printLogs: { names: ["--print-logs"] },
    logLevel: { names: ["--log-level"], value: true, choices: ["DEBUG", "INFO", "WARN", "ERROR"] },
    version: { names: ["-v", "--version"] },
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({ text: `Unknown argument: ${flag.replace(/^-+/, "")}\n`, code: 1 }),
  badChoice: (flag, value, choices) => ({
    text: `Invalid values:\n  Argument: ${flag.replace(/^-+/, "")}, Given: "${value}", Choices: ${choices.map((c) => `"${c}"`).join(", ")}\n`,
    code: 1,
  }),
};

const out = (/** @type {string} */ text) => process.stdout.write(text);
const fail = (/** @type {string} */ text) => {
  process.stderr.write(text);
  process.exit(1);
};

/** The config laid over the user's: OPENCODE_CONFIG_CONTENT, which must be JSON. */
function configOverlay() {
  const text = process.env.OPENCODE_CONFIG_CONTENT;
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return fail("Error: Config file at OPENCODE_CONFIG_CONTENT is not valid JSON\n");
  }
}

/** The rule for a tool: a string for all tools, or per tool; OpenCode's default is "allow". @param {unknown} permission @param {string} tool */
function rule(permission, tool) {
  if (typeof permission === "string") return permission;
  const value =
    permission && typeof permission === "object"
      ? /** @type {Record<string, unknown>} */ (permission)[tool]
      : undefined;
  return typeof value === "string" ? value : "allow";
}

/** @param {string[]} argv */
export async function main(argv) {
  const { flags, positional } = parseArgs(argv, SPEC);
  if (flags.version) return out(`${VERSION}\n`);
  if (flags.help) return out("opencode [project]\n\nstart opencode tui\n");
  if (positional.length > 1) fail(`Unknown argument: ${positional[1]}\n`);
  const cwd = positional[0] ? resolve(String(positional[0])) : process.cwd();
  const config = configOverlay();
  const instructions = [
    ...(existsSync(resolve(cwd, "AGENTS.md")) ? ["AGENTS.md"] : []),
    ...(Array.isArray(config.instructions) ? config.instructions.map(String) : []).filter((f) =>
      existsSync(resolve(cwd, f)),
    ),
  ];
  let session;
  if (flags.session) {
    session = String(flags.session);
    if (!findSession(session)) fail(`Error: Session not found: ${session}\n`);
  } else session = createSession(cwd);
  const model = String(flags.model ?? "anthropic/claude-sonnet-4-5");
  const [providerID, ...rest] = model.split("/");
  const modelID = rest.join("/") || String(providerID);
  const prompt = flags.prompt === undefined ? "" : String(flags.prompt);
  const scenario = loadScenario(opencodeConfigDir(), prompt);
  const input = new MessageInput();
  /** @type {Record<string, unknown> | null} */
  let reply = null;
  const save = () => reply && writeMessage(/** @type {any} */ (reply));
  /** The assistant message of the turn, created on the first thing it does. */
  const answer = () => {
    reply ??= {
      id: newId("msg"),
      sessionID: session,
      role: "assistant",
      time: { created: Date.now() },
      modelID,
      providerID,
      mode: flags.agent ?? "build",
      cost: 0,
      tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    };
    return /** @type {any} */ (reply);
  };

  /** @type {import("./session-loop.mjs").Tui} */
  const tui = {
    cwd,
    input,
    banner() {
      out(`opencode v${VERSION}  ${cwd}\n  session ${session}  ${model}\n`);
      for (const file of instructions) out(`  instructions: ${file}\n`);
      out("\n");
    },
    trusted: () => true,
    trustPrompt() {},
    acceptTrust() {},
    userMessage(message) {
      const id = newId("msg");
      writeMessage({ id, sessionID: session, role: "user", time: { created: Date.now() } });
      addPart(session, id, { type: "text", text: message });
      reply = null;
      answer();
      save();
    },
    async work(label, ms, tokens) {
      out(`◇ ${label}\n`);
      await new Promise((r) => setTimeout(r, ms));
      const message = answer();
      message.tokens.input += tokens.input ?? 0;
      message.tokens.output += tokens.output ?? 0;
      message.tokens.cache.read += tokens.cacheRead ?? 0;
      message.tokens.cache.write += tokens.cacheWrite ?? 0;
      message.cost +=
        ((tokens.input ?? 0) * 3 + (tokens.output ?? 0) * 15 + (tokens.cacheRead ?? 0) * 0.3) / 1e6;
      save();
    },
    say(t) {
      out(`${t}\n`);
      const message = answer();
      message.tokens.output += Math.ceil(t.length / 4);
      addPart(session, message.id, { type: "text", text: t });
      save();
    },
    title() {},
    toolUse(tool, toolInput, result) {
      const command = tool === "Bash" ? String(toolInput.command) : `write ${toolInput.file_path}`;
      out(`$ ${command}\n${result.split("\n")[0]}\n`);
      addPart(session, answer().id, {
        type: "tool",
        tool: tool === "Bash" ? "bash" : "write",
        state: { status: "completed", output: result },
      });
    },
    async askPermission(detail) {
      if (rule(config.permission, "bash") === "allow") return true;
      if (rule(config.permission, "bash") === "deny") return false;
      out(`△ Permission required\n$ ${detail}\nAllow once   Allow always   Reject\n`);
      const given = await input.next();
      return given !== null && /^\s*(y|yes|a|1|allow)?\s*$/i.test(given);
    },
    usageLimit(resetsAt) {
      const seconds = Math.max(1, Math.round((resetsAt.getTime() - Date.now()) / 1000));
      const text = `Rate limit exceeded: Please retry after ${seconds}s.`;
      out(`Error: ${text}\n`);
      answer().error = { name: "APIError", data: { message: text, statusCode: 429 } };
    },
    turnEnd() {
      const message = answer();
      message.time.completed = Date.now();
      if (!message.error) message.finish = "stop";
      save();
      reply = null;
    },
    idle() {
      out("\n> ");
    },
    end() {},
    async exit(code) {
      process.exit(code);
    },
  };
  if (flags.session) out(`resuming session ${session}\n`);
  await interactive(tui, scenario, prompt);
}
