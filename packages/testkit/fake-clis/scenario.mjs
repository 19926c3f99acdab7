// A scenario tells a fake CLI what to do: steps for the first prompt, and
// replies to follow-up messages. It comes from FAKE_AGENT_SCENARIO (a JSON
// text or a file path) or from `fake-scenario.json` in the CLI's config dir.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * @typedef {{ input?: number; output?: number; cacheRead?: number; cacheWrite?: number }} Tokens
 * @typedef {{ work?: string; ms?: number; tokens?: Tokens; say?: string; write?: string; append?: string;
 *   content?: string; commit?: string; run?: string; permission?: string; limit?: { resetsInSeconds: number };
 *   crash?: number; exit?: number; title?: string }} Step
 * @typedef {{ match?: string; steps: Step[] }} Reply
 * @typedef {{ match?: string; model?: string; start: Step[]; replies?: Reply[] }} Scenario
 */

/** What a scenario does when none is given: some work, a file, a commit, then idle. */
export const DEFAULT_SCENARIO = /** @type {Scenario} */ ({
  start: [
    { work: "Reading the issue", ms: 50, tokens: { input: 1200, output: 45, cacheRead: 900 } },
    { write: "FAKE_AGENT.md", content: "work done by the fake agent\n" },
    { commit: "Fake agent: do the work" },
    { say: "Done." },
  ],
  replies: [
    { steps: [{ work: "Looking into it", ms: 50, tokens: { input: 300, output: 20 } }, { say: "OK." }] },
  ],
});

/**
 * The scenario for this run: the first of `scenarios` whose `match` is found in the prompt.
 * @param {string} configDir
 * @param {string} prompt
 * @returns {Scenario}
 */
export function loadScenario(configDir, prompt) {
  const source = process.env.FAKE_AGENT_SCENARIO ?? "";
  let text = "";
  if (source.trim().startsWith("{")) text = source;
  else if (source) text = readFileSync(source, "utf8");
  else if (existsSync(join(configDir, "fake-scenario.json")))
    text = readFileSync(join(configDir, "fake-scenario.json"), "utf8");
  if (!text) return DEFAULT_SCENARIO;
  const parsed = JSON.parse(text);
  const list = Array.isArray(parsed.scenarios) ? parsed.scenarios : [parsed];
  return (
    list.find((/** @type {Scenario} */ s) => !s.match || new RegExp(s.match).test(prompt)) ?? DEFAULT_SCENARIO
  );
}

/** The steps that answer a follow-up message. @param {Scenario} scenario @param {string} message */
export function replyTo(scenario, message) {
  const reply = (scenario.replies ?? []).find((r) => !r.match || new RegExp(r.match).test(message));
  return reply ? reply.steps : [{ say: "OK." }];
}

/**
 * What a CLI does for each kind of step: the screen and transcript side.
 * `writableRoots`: set when the CLI sandboxes writes (Codex's workspace-write): a commit whose git dir
 * lies outside every root fails as it does in the real sandbox.
 * @typedef {{ cwd: string; writableRoots?: string[]; work(label: string, ms: number, tokens: Tokens): Promise<void>; say(text: string): void;
 *   toolUse(tool: string, input: Record<string, unknown>, result: string): void;
 *   askPermission(detail: string): Promise<boolean>; usageLimit(resetsAt: Date): void; title(text: string): void;
 *   exit(code: number): Promise<never> }} Host
 */

/**
 * Run steps in order. Resolves to "limit" when a usage limit ended the turn,
 * "denied" when a permission was refused, else "done".
 * @param {Step[]} steps
 * @param {Host} host
 */
export async function runSteps(steps, host) {
  for (const step of steps) {
    if (step.work !== undefined) await host.work(step.work, step.ms ?? 50, step.tokens ?? {});
    if (step.say !== undefined) host.say(step.say);
    if (step.title !== undefined) host.title(step.title);
    if (step.write !== undefined || step.append !== undefined) {
      const file = /** @type {string} */ (step.write ?? step.append);
      const path = join(host.cwd, file);
      mkdirSync(dirname(path), { recursive: true });
      if (step.write !== undefined) writeFileSync(path, step.content ?? "");
      else appendFileSync(path, step.content ?? "");
      host.toolUse(step.write !== undefined ? "Write" : "Edit", { file_path: path }, `Wrote ${file}`);
    }
    const blocked = step.commit !== undefined ? sandboxBlocksGit(host) : null;
    if (blocked)
      host.toolUse(
        "Bash",
        { command: `git commit -m ${JSON.stringify(step.commit)}` },
        `fatal: Unable to create '${blocked}/index.lock': Read-only file system`,
      );
    else if (step.commit !== undefined) {
      execFileSync("git", ["add", "-A"], { cwd: host.cwd, stdio: "ignore" });
      const staged = execFileSync("git", ["diff", "--cached", "--name-only"], {
        cwd: host.cwd,
        encoding: "utf8",
      });
      if (staged.trim())
        execFileSync("git", ["commit", "-q", "-m", step.commit], { cwd: host.cwd, stdio: "ignore" });
      host.toolUse(
        "Bash",
        { command: `git commit -m ${JSON.stringify(step.commit)}` },
        staged.trim() ? "committed" : "nothing to commit",
      );
    }
    if (step.run !== undefined) {
      const out = execFileSync("sh", ["-c", step.run], { cwd: host.cwd, encoding: "utf8" });
      host.toolUse("Bash", { command: step.run }, out);
    }
    if (step.permission !== undefined && !(await host.askPermission(step.permission))) return "denied";
    if (step.limit !== undefined) {
      host.usageLimit(new Date(Date.now() + step.limit.resetsInSeconds * 1000));
      return "limit";
    }
    if (step.crash !== undefined) {
      process.stderr.write("Error: the fake agent crashed as its scenario says\n");
      process.exit(step.crash);
    }
    if (step.exit !== undefined) await host.exit(step.exit);
  }
  return "done";
}

/**
 * The git dir a commit would write when the host's sandbox does not let it
 * (the worktree's own git dir and the shared one must both be writable), else null.
 * @param {Host} host
 */
function sandboxBlocksGit(host) {
  if (!host.writableRoots) return null;
  const dir = (/** @type {string} */ flag) =>
    realpathSync(
      resolve(host.cwd, execFileSync("git", ["rev-parse", flag], { cwd: host.cwd, encoding: "utf8" }).trim()),
    );
  const roots = host.writableRoots.filter((r) => existsSync(r)).map((r) => realpathSync(r));
  const inside = (/** @type {string} */ path) =>
    roots.some((root) => {
      const rel = relative(root, path);
      return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
    });
  return [dir("--absolute-git-dir"), dir("--git-common-dir")].find((d) => !inside(d)) ?? null;
}
