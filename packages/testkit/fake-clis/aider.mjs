// A fake `aider`: its flags (argparse's errors), its screen at the points ao
// reads (the `> ` input prompt, `(Y)es/(N)o` confirmations, the rate-limit
// retry), and its chat history file `.aider.chat.history.md` with the
// `Tokens: … Cost: …` lines. `--message`/`--message-file` answer one message
// and exit, as aider does; otherwise it chats until stdin ends.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "./args.mjs";
import { MessageInput } from "./input.mjs";
import { loadScenario, replyTo, runSteps } from "./scenario.mjs";

export const VERSION = "0.86.1";
const USAGE = "usage: aider [-h] [--model MODEL] [--read READ] [--message COMMAND] [FILE ...]\n";

/** @type {import("./args.mjs").ArgSpec} */
const SPEC = {
  flags: {
    model: { names: ["--model"], value: true },
    weakModel: { names: ["--weak-model"], value: true },
    editorModel: { names: ["--editor-model"], value: true },
    architect: { names: ["--architect"] },
    message: { names: ["--message", "--msg", "-m"], value: true },
    messageFile: { names: ["--message-file", "-f"], value: true },
    read: { names: ["--read"], value: true, repeat: true },
    yesAlways: { names: ["--yes-always"] },
    autoCommits: { names: ["--auto-commits"] },
    noAutoCommits: { names: ["--no-auto-commits"] },
    gitignore: { names: ["--gitignore"] },
    noGitignore: { names: ["--no-gitignore"] },
    restore: { names: ["--restore-chat-history"] },
    noRestore: { names: ["--no-restore-chat-history"] },
    chatHistoryFile: { names: ["--chat-history-file"], value: true },
    inputHistoryFile: { names: ["--input-history-file"], value: true },
    pretty: { names: ["--pretty"] },
    noPretty: { names: ["--no-pretty"] },
    checkUpdate: { names: ["--check-update"] },
    noCheckUpdate: { names: ["--no-check-update"] },
    showReleaseNotes: { names: ["--show-release-notes"] },
    noShowReleaseNotes: { names: ["--no-show-release-notes"] },
    analyticsDisable: { names: ["--analytics-disable"] },
    notificationsCommand: { names: ["--notifications-command"], value: true },
    editFormat: { names: ["--edit-format"], value: true },
    version: { names: ["--version"] },
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({ text: `${USAGE}aider: error: unrecognized arguments: ${flag}\n`, code: 2 }),
  badChoice: (flag, value, choices) => ({
    text: `${USAGE}aider: error: argument ${flag}: invalid choice: '${value}' (choose from ${choices.join(", ")})\n`,
    code: 2,
  }),
};

const out = (/** @type {string} */ text) => process.stdout.write(text);

/** "4.5k", "429", "1.2M": aider's own rounding of token counts. @param {number} n */
export function formatTokens(n) {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** @param {string[]} argv */
export async function main(argv) {
  // Positional arguments are files to add to the chat: the fake adds none.
  const { flags } = parseArgs(argv, SPEC);
  if (flags.version) return out(`aider ${VERSION}\n`);
  if (flags.help) return out(USAGE);
  const cwd = process.cwd();
  const history = resolve(cwd, String(flags.chatHistoryFile ?? ".aider.chat.history.md"));
  const model = String(flags.model ?? "gpt-4o");
  const oneShot = flags.message !== undefined || flags.messageFile !== undefined;
  let prompt = "";
  if (flags.message !== undefined) prompt = String(flags.message);
  if (flags.messageFile !== undefined) {
    try {
      prompt = readFileSync(resolve(cwd, String(flags.messageFile)), "utf8");
    } catch {
      out(`Error: Unable to read message file: ${flags.messageFile}\n`);
      process.exit(1);
    }
  }
  for (const file of /** @type {string[]} */ (flags.read ?? [])) {
    if (!existsSync(resolve(cwd, file))) out(`Warning: ${file} does not exist, skipping.\n`);
  }
  const configDir = join(process.env.HOME || homedir(), ".aider");
  const scenario = loadScenario(configDir, prompt);
  /** @param {string} text */
  const log = (text) => appendFileSync(history, text);
  /** Tool output: on screen, and quoted in the history. @param {string} text */
  const tool = (text) => {
    out(`${text}\n`);
    log(
      `${text
        .split("\n")
        .map((l) => `> ${l}`.trimEnd())
        .join("  \n")}\n`,
    );
  };
  const stamp = new Date().toISOString().slice(0, 19).replace("T", " ");
  log(`\n# aider chat started at ${stamp}\n\n`);
  if (flags.restore && existsSync(history)) {
    const turns = readFileSync(history, "utf8").match(/^#### /gm)?.length ?? 0;
    out(`Restored previous conversation history (${turns} messages).\n`);
  }
  tool(`Aider v${VERSION}`);
  tool(`Main model: ${model} with diff edit format`);
  tool("Git repo: .git with 3 files");
  let session = 0;
  // Stdin is read only when aider asks for something: with `--message` it never reads what is
  // typed while it works, so that text waits in the terminal for the chat that follows.
  /** @type {MessageInput | null} */
  let stdin = null;
  const input = () => {
    stdin ??= new MessageInput();
    return stdin;
  };
  const yes = Boolean(flags.yesAlways);
  /**
   * One reply as aider logs it: the text, then its `Tokens:` line (a reply never ends on text).
   * @param {string} text @param {import("./scenario.mjs").Tokens} tokens
   */
  const reply = (text, tokens) => {
    out(`${text}\n`);
    log(`${text}\n\n`);
    const sent = (tokens.input ?? 0) + (tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0);
    const cost = (sent * 2.5 + (tokens.output ?? 0) * 10) / 1_000_000;
    session += cost;
    const cache = [
      tokens.cacheWrite ? `, ${formatTokens(tokens.cacheWrite)} cache write` : "",
      tokens.cacheRead ? `, ${formatTokens(tokens.cacheRead)} cache hit` : "",
    ].join("");
    tool(
      `Tokens: ${formatTokens(sent)} sent${cache}, ${formatTokens(tokens.output ?? 0)} received. Cost: $${cost.toFixed(4)} message, $${session.toFixed(4)} session.`,
    );
  };

  /** @type {import("./scenario.mjs").Host} */
  const host = {
    cwd,
    async work(label, ms, tokens) {
      await new Promise((r) => setTimeout(r, ms));
      reply(label, tokens);
    },
    say(text) {
      reply(text, { input: 10, output: Math.ceil(text.length / 4) });
    },
    title() {},
    toolUse(name, toolInput, result) {
      if (name === "Bash" && String(toolInput.command).startsWith("git commit"))
        tool(`Commit ${Math.random().toString(16).slice(2, 9)} ${String(toolInput.command).slice(14)}`);
      else if (name === "Bash") tool(`Running ${toolInput.command}\n${result.split("\n")[0]}`);
      else tool(`Applied edit to ${String(toolInput.file_path).slice(cwd.length + 1)}`);
    },
    async askPermission(detail) {
      const question = `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: `;
      // Shell commands need an explicit yes: --yes-always answers them "no".
      if (yes) {
        tool(`${detail}\n${question}n`);
        return false;
      }
      out(`${detail}\n${question}`);
      const answer = (await input().next()) ?? "n";
      log(`> ${question}${answer}\n`);
      return /^\s*(y|yes)?\s*$/i.test(answer);
    },
    usageLimit(resetsAt) {
      const seconds = Math.max(1, Math.round((resetsAt.getTime() - Date.now()) / 1000));
      tool(
        "litellm.RateLimitError: RateLimitError: the provider says: rate limit exceeded\nThe API provider has rate limited you. Try again later or check your quotas.",
      );
      tool(`Retrying in ${seconds.toFixed(1)} seconds...`);
    },
    async exit(code) {
      process.exit(code);
    },
  };
  /** @param {string} message @param {import("./scenario.mjs").Step[]} steps */
  const turn = async (message, steps) => {
    if (oneShot) out(`${message.split("\n")[0]}\n\n`);
    log(`#### ${message.split("\n").join("\n#### ")}\n\n`);
    await runSteps(steps, host);
  };
  if (prompt) await turn(prompt, scenario.start);
  if (oneShot) process.exit(0);
  // A restored chat goes on: its first message is a follow-up, not the task.
  let started = Boolean(prompt) || Boolean(flags.restore);
  for (;;) {
    out("\n> ");
    const next = await input().next();
    if (next === null) break;
    if (!next.trim()) continue;
    await turn(next, started ? replyTo(scenario, next) : scenario.start);
    started = true;
  }
  process.exit(0);
}
