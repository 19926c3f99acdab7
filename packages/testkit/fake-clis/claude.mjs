// A fake `claude` (Claude Code): its flags, its screen at the points ao reads
// (spinner, idle box, trust and permission dialogs, limit banner), its JSONL
// transcripts with message.usage, its hooks, and resume by session id.
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "./args.mjs";
import { acceptTrust, claudeConfigDir, isTrusted, newestSession, projectDir } from "./claude-store.mjs";
import { runHooks } from "./hooks.mjs";
import { MessageInput } from "./input.mjs";
import { loadScenario, runSteps } from "./scenario.mjs";
import { interactive, picksFirst } from "./session-loop.mjs";

export const VERSION = "2.1.197";
const MODES = ["acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "manual", "plan"];

/** @type {import("./args.mjs").ArgSpec} */
const SPEC = {
  flags: {
    print: { names: ["-p", "--print"] },
    model: { names: ["--model"], value: true },
    permissionMode: { names: ["--permission-mode"], value: true, choices: MODES },
    skipPermissions: { names: ["--dangerously-skip-permissions"] },
    appendSystemPrompt: { names: ["--append-system-prompt"], value: true },
    systemPrompt: { names: ["--system-prompt"], value: true },
    addDir: { names: ["--add-dir"], value: true, repeat: true },
    sessionId: { names: ["--session-id"], value: true },
    resume: { names: ["-r", "--resume"], value: true },
    continue: { names: ["-c", "--continue"] },
    forkSession: { names: ["--fork-session"] },
    allowedTools: { names: ["--allowedTools", "--allowed-tools"], value: true, repeat: true },
    disallowedTools: { names: ["--disallowedTools", "--disallowed-tools"], value: true, repeat: true },
    outputFormat: { names: ["--output-format"], value: true, choices: ["text", "json", "stream-json"] },
    settings: { names: ["--settings"], value: true },
    verbose: { names: ["--verbose"] },
    debug: { names: ["-d", "--debug"] },
    version: { names: ["-v", "--version"] },
    help: { names: ["-h", "--help"] },
  },
  unknown: (flag) => ({ text: `error: unknown option '${flag}'\n`, code: 1 }),
  badChoice: (flag, value, choices) => ({
    text: `error: option '${flag} <mode>' argument '${value}' is invalid. Allowed choices are ${choices.join(", ")}.\n`,
    code: 1,
  }),
};

const out = (/** @type {string} */ text) => process.stdout.write(text);

/** @param {string[]} argv */
export async function main(argv) {
  const { flags, positional } = parseArgs(argv, SPEC);
  if (flags.version) return out(`${VERSION} (Claude Code)\n`);
  if (flags.help)
    return out(
      "Usage: claude [options] [command] [prompt]\n\nClaude Code - starts an interactive session by default\n",
    );
  const cwd = process.cwd();
  const configDir = claudeConfigDir();
  const prompt = positional.join(" ");
  const mode = flags.skipPermissions ? "bypassPermissions" : String(flags.permissionMode ?? "default");
  let sessionId = typeof flags.sessionId === "string" ? flags.sessionId : randomUUID();
  if (typeof flags.resume === "string" || flags.continue) {
    const wanted = typeof flags.resume === "string" ? flags.resume : newestSession(cwd);
    if (!wanted || !existsSync(join(projectDir(cwd), `${wanted}.jsonl`))) {
      if (flags.continue) process.stderr.write("No conversation found to continue\n");
      else process.stderr.write(`No conversation found with session ID: ${wanted}\n`);
      process.exit(1);
    }
    sessionId = flags.forkSession ? randomUUID() : wanted;
  }
  const model = String(flags.model ?? "claude-sonnet-4-5-20250929");
  const scenario = loadScenario(configDir, prompt);
  const transcript = join(projectDir(cwd), `${sessionId}.jsonl`);
  let parent = /** @type {string | null} */ (null);
  /** @param {Record<string, unknown>} line */
  const record = (line) => {
    mkdirSync(projectDir(cwd), { recursive: true });
    const uuid = randomUUID();
    appendFileSync(
      transcript,
      `${JSON.stringify({ parentUuid: parent, isSidechain: false, userType: "external", cwd, sessionId, version: VERSION, gitBranch: "", ...line, uuid, timestamp: new Date().toISOString() })}\n`,
    );
    parent = uuid;
  };
  const hookPayload = () => ({ session_id: sessionId, transcript_path: transcript, permission_mode: mode });
  const hooks = (
    /** @type {string} */ event,
    extra = {},
    /** @type {string | undefined} */ matcher = undefined,
  ) => runHooks({ cwd, configDir }, event, { ...hookPayload(), ...extra }, matcher);
  /** One API response: a line per content block, each with the same message id and usage. */
  const respond = (
    /** @type {object[]} */ blocks,
    /** @type {import("./scenario.mjs").Tokens} */ tokens,
    stop = "end_turn",
  ) => {
    const id = `msg_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const usage = {
      input_tokens: tokens.input ?? 0,
      cache_creation_input_tokens: tokens.cacheWrite ?? 0,
      cache_read_input_tokens: tokens.cacheRead ?? 0,
      output_tokens: tokens.output ?? 0,
      service_tier: "standard",
    };
    for (const block of blocks) {
      record({
        type: "assistant",
        requestId: `req_${id.slice(4)}`,
        message: {
          id,
          type: "message",
          role: "assistant",
          model,
          content: [block],
          stop_reason: stop,
          stop_sequence: null,
          usage,
        },
      });
    }
  };
  const input = new MessageInput();

  /** @type {import("./session-loop.mjs").Tui} */
  const tui = {
    cwd,
    input,
    banner() {
      out(
        `╭───────────────────────────────────────────────────╮\n│ ✻ Welcome to Claude Code!                         │\n│                                                   │\n│   /help for help, /status for your current setup  │\n│                                                   │\n│   cwd: ${cwd}\n╰───────────────────────────────────────────────────╯\n\n`,
      );
      if (mode === "bypassPermissions") out(" WARNING: Claude Code running in Bypass Permissions mode\n\n");
    },
    trusted: () => isTrusted(cwd),
    trustPrompt() {
      out(
        `────────────────────────────────────────────────────\n Do you trust the files in this folder?\n\n ${cwd}\n\n Claude Code may read, write, or execute files contained in this directory. This can pose security risks, so only use files from trusted sources.\n\n ❯ 1. Yes, proceed\n   2. No, exit\n\n Enter to confirm · Esc to exit\n`,
      );
    },
    acceptTrust() {
      acceptTrust(cwd);
    },
    started() {
      hooks("SessionStart", { source: typeof flags.resume === "string" ? "resume" : "startup" });
    },
    userMessage(text) {
      out(`> ${text.split("\n")[0]}\n`);
      record({ type: "user", message: { role: "user", content: text } });
      hooks("UserPromptSubmit", { prompt: text });
    },
    async work(label, ms, tokens) {
      out(`✻ ${label}… (0s · ↓ ${tokens.output ?? 0} tokens · esc to interrupt)\n`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      respond([{ type: "text", text: label }], tokens);
      out(`✻ Worked for ${Math.max(1, Math.round(ms / 1000))}s\n`);
    },
    say(text) {
      out(`● ${text}\n`);
      respond([{ type: "text", text }], { input: 10, output: Math.ceil(text.length / 4) });
    },
    title(text) {
      record({ type: "summary", summary: text, leafUuid: parent });
    },
    toolUse(tool, toolInput, result) {
      const id = `toolu_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
      respond(
        [
          { type: "text", text: `Using ${tool}` },
          { type: "tool_use", id, name: tool, input: toolInput },
        ],
        { input: 50, output: 20 },
        "tool_use",
      );
      record({
        type: "user",
        message: { role: "user", content: [{ tool_use_id: id, type: "tool_result", content: result }] },
      });
      out(`● ${tool}(${JSON.stringify(toolInput).slice(0, 80)})\n  ⎿  ${result.split("\n")[0]}\n`);
    },
    async askPermission(detail) {
      if (mode === "bypassPermissions") return true;
      if (mode === "dontAsk") {
        out(`  ⎿  Permission to run ${detail} was denied\n`);
        return false;
      }
      out(
        `╭───────────────────────────────────────────────────╮\n│ Bash command                                      │\n│   ${detail}\n│ Do you want to proceed?                           │\n│ ❯ 1. Yes                                          │\n│   2. Yes, and don't ask again for this command    │\n│   3. No, and tell Claude what to do differently (esc) │\n╰───────────────────────────────────────────────────╯\n`,
      );
      hooks(
        "Notification",
        { message: "Claude needs your permission to use Bash", notification_type: "permission_prompt" },
        "permission_prompt",
      );
      const answer = await input.next();
      return picksFirst(answer) || answer?.trim() === "2";
    },
    usageLimit(resetsAt) {
      const zone = process.env.TZ || "UTC";
      const clock = resetsAt
        .toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone: zone })
        .replace(/\s/g, "")
        .replace(":00", "")
        .toLowerCase();
      const text = `You've hit your limit · resets ${clock} (${zone})`;
      record({
        type: "assistant",
        isApiErrorMessage: true,
        message: {
          id: randomUUID(),
          type: "message",
          role: "assistant",
          model: "<synthetic>",
          content: [{ type: "text", text }],
          stop_reason: "stop_sequence",
          usage: {
            input_tokens: 0,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
        },
      });
      out(`  ⎿  ${text}\n     /upgrade to increase your usage limit.\n`);
      hooks("StopFailure", { error_type: "rate_limit" });
    },
    turnEnd(outcome) {
      if (outcome !== "limit") hooks("Stop", { stop_hook_active: false });
    },
    idle() {
      out(
        `\n────────────────────────────────────────────────────\n❯ \n────────────────────────────────────────────────────\n  ${mode === "bypassPermissions" ? "⏵⏵ bypass permissions on (shift+tab to cycle)" : "? for shortcuts"}\n`,
      );
    },
    end() {
      hooks("SessionEnd", { reason: "other" });
    },
    async exit(code) {
      tui.end();
      process.exit(code);
    },
  };

  if (flags.print) {
    if (!prompt) {
      process.stderr.write(
        "Error: Input must be provided either through stdin or as a prompt argument when using --print\n",
      );
      process.exit(1);
    }
    tui.userMessage(prompt);
    await runSteps(scenario.start, tui);
    process.exit(0);
  }
  await interactive(tui, scenario, prompt);
}
