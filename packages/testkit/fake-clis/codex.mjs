// A fake `codex` (Codex CLI): its flags (clap's errors), its TUI at the
// points ao reads (working line, composer, trust and approval prompts, limit
// banner), its rollout JSONL with token counts, and `codex resume <id>`.
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "./args.mjs";
import { acceptTrust, codexHome, findRollout, isTrusted, lastRollout } from "./codex-store.mjs";
import { MessageInput } from "./input.mjs";
import { loadScenario } from "./scenario.mjs";
import { interactive, picksFirst } from "./session-loop.mjs";

export const VERSION = "0.171.0";
const USAGE =
  "Usage: codex [OPTIONS] [PROMPT]\n       codex [OPTIONS] <COMMAND> [ARGS]\n\nFor more information, try '--help'.\n";

/** @type {import("./args.mjs").ArgSpec} */
const SPEC = {
  flags: {
    model: { names: ["-m", "--model"], value: true },
    approval: {
      names: ["-a", "--ask-for-approval"],
      value: true,
      choices: ["untrusted", "on-failure", "on-request", "never"],
    },
    sandbox: {
      names: ["-s", "--sandbox"],
      value: true,
      choices: ["read-only", "workspace-write", "danger-full-access"],
    },
    fullAuto: { names: ["--full-auto"] },
    bypass: { names: ["--dangerously-bypass-approvals-and-sandbox", "--yolo"] },
    cd: { names: ["-C", "--cd"], value: true },
    config: { names: ["-c", "--config"], value: true, repeat: true },
    profile: { names: ["-p", "--profile"], value: true },
    image: { names: ["-i", "--image"], value: true, repeat: true },
    addDir: { names: ["--add-dir"], value: true, repeat: true },
    search: { names: ["--search"] },
    last: { names: ["--last"] },
    skipGitRepoCheck: { names: ["--skip-git-repo-check"] },
    json: { names: ["--json"] },
    version: { names: ["-V", "--version"] },
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({
    text: `error: unexpected argument '${flag}' found\n\n  tip: to pass '${flag}' as a value, use '-- ${flag}'\n\n${USAGE}`,
    code: 2,
  }),
  badChoice: (flag, value, choices) => ({
    text: `error: invalid value '${value}' for '${flag} <VALUE>'\n  [possible values: ${choices.join(", ")}]\n\nFor more information, try '--help'.\n`,
    code: 2,
  }),
};

const out = (/** @type {string} */ text) => process.stdout.write(text);
const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");

/** "Jul 5th, 2026 8:19 PM", as the limit banner says it (local time). @param {Date} d */
export function bannerDate(d) {
  const day = d.getDate();
  const suffix =
    day % 10 === 1 && day !== 11
      ? "st"
      : day % 10 === 2 && day !== 12
        ? "nd"
        : day % 10 === 3 && day !== 13
          ? "rd"
          : "th";
  const month = d.toLocaleString("en-US", { month: "short" });
  const time = d.toLocaleString("en-US", { hour: "numeric", minute: "2-digit" });
  return `${month} ${day}${suffix}, ${d.getFullYear()} ${time}`;
}

/** @param {string[]} argv */
export async function main(argv) {
  const { flags, positional } = parseArgs(argv, SPEC);
  if (flags.version) return out(`codex-cli ${VERSION}\n`);
  if (flags.help) return out(`Codex CLI\n\n${USAGE}`);
  for (const setting of /** @type {string[]} */ (flags.config ?? [])) {
    if (!setting.includes("=")) {
      process.stderr.write(`Error: Invalid override (missing '='): ${setting}\n`);
      process.exit(1);
    }
  }
  if (flags.cd) process.chdir(String(flags.cd));
  const cwd = process.cwd();
  const home = codexHome();
  const resuming = positional[0] === "resume";
  if (positional[0] === "exec") {
    process.stderr.write("fake codex: `codex exec` is not scripted in this fake\n");
    process.exit(2);
  }
  const args = resuming ? positional.slice(1) : positional;
  let rollout = null;
  let sessionId = randomUUID();
  if (resuming) {
    const id = flags.last ? null : args.shift();
    rollout = id ? findRollout(id) : lastRollout(cwd);
    if (!rollout) {
      process.stderr.write(
        `Error: No saved session found with ID ${id ?? "(last)"}. Run \`codex resume\` without an ID to choose from existing sessions.\n`,
      );
      process.exit(1);
    }
    sessionId = /** @type {string} */ (/([0-9a-f-]{36})\.jsonl$/.exec(rollout)?.[1]);
  }
  const prompt = args.join(" ");
  const approval = flags.bypass
    ? "never"
    : String(flags.approval ?? (flags.fullAuto ? "on-request" : "untrusted"));
  const sandbox = flags.bypass
    ? "danger-full-access"
    : String(flags.sandbox ?? (flags.fullAuto ? "workspace-write" : "read-only"));
  const model = String(flags.model ?? "gpt-5-codex");
  const scenario = loadScenario(home, prompt);
  if (!rollout) {
    const now = new Date();
    const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
    rollout = join(
      home,
      "sessions",
      String(now.getFullYear()),
      pad(now.getMonth() + 1),
      pad(now.getDate()),
      `rollout-${stamp}-${sessionId}.jsonl`,
    );
  }
  const file = rollout;
  /** @param {string} type @param {Record<string, unknown>} payload */
  const record = (type, payload) => {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify({ timestamp: new Date().toISOString(), type, payload })}\n`);
  };
  const total = {
    input_tokens: 0,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: 0,
  };
  /** @param {import("./scenario.mjs").Tokens} tokens @param {number} usedPercent @param {number} resetsAt */
  const tokenCount = (tokens, usedPercent = 3, resetsAt = Math.floor(Date.now() / 1000) + 18_000) => {
    const last = {
      input_tokens: (tokens.input ?? 0) + (tokens.cacheRead ?? 0),
      cached_input_tokens: tokens.cacheRead ?? 0,
      output_tokens: tokens.output ?? 0,
      reasoning_output_tokens: 0,
      total_tokens: 0,
    };
    last.total_tokens = last.input_tokens + last.output_tokens;
    for (const key of /** @type {(keyof typeof total)[]} */ (Object.keys(total))) total[key] += last[key];
    record("event_msg", {
      type: "token_count",
      info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 272000 },
      rate_limits: {
        primary: { used_percent: usedPercent, window_minutes: 300, resets_at: resetsAt },
        secondary: { used_percent: 1, window_minutes: 10080, resets_at: resetsAt + 600_000 },
      },
    });
  };
  const input = new MessageInput();
  const begin = () => {
    record("session_meta", {
      id: sessionId,
      timestamp: new Date().toISOString(),
      cwd,
      originator: "codex_cli_rs",
      cli_version: VERSION,
      instructions: null,
      source: "cli",
      model_provider: "openai",
    });
  };
  if (!resuming) begin();
  record("turn_context", {
    cwd,
    approval_policy: approval,
    sandbox_policy: { mode: sandbox },
    model,
    effort: "medium",
    summary: "auto",
  });

  /** @type {import("./session-loop.mjs").Tui} */
  const tui = {
    cwd,
    // workspace-write: the workspace and each --add-dir (the real sandbox also allows temp dirs).
    ...(sandbox === "workspace-write"
      ? { writableRoots: [cwd, .../** @type {string[]} */ (flags.addDir ?? [])] }
      : {}),
    input,
    banner() {
      out(
        `╭──────────────────────────────────────────────╮\n│ >_ OpenAI Codex (v${VERSION})                    │\n│                                              │\n│ model:     ${model} medium\n│ directory: ${cwd}\n╰──────────────────────────────────────────────╯\n\n`,
      );
    },
    trusted: () => isTrusted(cwd),
    trustPrompt() {
      out(
        `> You are in ${cwd}\n\n  Do you trust the contents of this directory? Working with untrusted contents comes with higher risk of prompt injection.\n\n› 1. Yes, continue\n  2. No, quit\n\n  Press enter to continue\n`,
      );
    },
    acceptTrust: () => acceptTrust(cwd),
    userMessage(text) {
      out(`› ${text.split("\n")[0]}\n\n`);
      record("response_item", { type: "message", role: "user", content: [{ type: "input_text", text }] });
      record("event_msg", { type: "user_message", message: text, images: [] });
      record("event_msg", { type: "task_started", model_context_window: 272000 });
    },
    async work(label, ms, tokens) {
      out(`• Working (0s • esc to interrupt)\n`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      record("event_msg", { type: "agent_reasoning", text: label });
      tokenCount(tokens);
      out(`─ Worked for ${Math.max(1, Math.round(ms / 1000))}s ─\n`);
    },
    say(text) {
      out(`• ${text}\n`);
      record("event_msg", { type: "agent_message", message: text });
      record("response_item", {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text }],
      });
      tokenCount({ input: 10, output: Math.ceil(text.length / 4) });
    },
    title() {},
    toolUse(tool, toolInput, result) {
      const callId = `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
      record("response_item", {
        type: "function_call",
        name: tool === "Bash" ? "shell" : "apply_patch",
        arguments: JSON.stringify(toolInput),
        call_id: callId,
      });
      record("response_item", {
        type: "function_call_output",
        call_id: callId,
        output: JSON.stringify({ output: result, metadata: { exit_code: 0 } }),
      });
      out(`• Ran ${tool}: ${JSON.stringify(toolInput).slice(0, 80)}\n  └ ${result.split("\n")[0]}\n`);
    },
    async askPermission(detail) {
      if (approval === "never") return true;
      out(
        `Would you like to run the following command?\n\n  $ ${detail}\n\n› 1. Yes, proceed (y)\n  2. Yes, and don't ask again for this command (a)\n  3. No, and tell Codex what to do differently (esc)\n\n  Press enter to confirm or esc to cancel\n`,
      );
      const answer = await input.next();
      return picksFirst(answer) || /^\s*(2|a)\s*$/i.test(answer ?? "");
    },
    usageLimit(resetsAt) {
      tokenCount({}, 100, Math.floor(resetsAt.getTime() / 1000));
      out(
        `■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at ${bannerDate(resetsAt)}.\n`,
      );
    },
    turnEnd(outcome) {
      if (outcome === "limit") record("event_msg", { type: "turn_aborted", reason: "interrupted" });
      else record("event_msg", { type: "task_complete", last_agent_message: null });
    },
    idle() {
      out(
        `\n› Ask Codex to do anything\n\n  ? for shortcuts                                   100% context left\n`,
      );
    },
    end() {},
    async exit(code) {
      process.exit(code);
    },
  };
  await interactive(tui, scenario, prompt);
}
