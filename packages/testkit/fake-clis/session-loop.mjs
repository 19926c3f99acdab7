// The interactive life every fake TUI shares: banner, trust prompt in an
// untrusted directory, the first prompt, then idle at the input box and one
// turn per message until stdin ends. Each CLI supplies its screen and store.
import { MessageInput } from "./input.mjs";
import { replyTo, runSteps } from "./scenario.mjs";

/**
 * @typedef {import("./scenario.mjs").Host & {
 *   banner(): void; trusted(): boolean; trustPrompt(): void; acceptTrust(): void;
 *   started?(): void; userMessage(text: string): void; idle(): void; turnEnd(outcome: string): void; end(): void;
 *   input: MessageInput }} Tui
 */

/** Whether an answer to a numbered choice picks the first option (Enter alone does). @param {string | null} answer */
export function picksFirst(answer) {
  return answer !== null && /^\s*(1|y|yes)?\s*$/i.test(answer);
}

/**
 * @param {Tui} tui
 * @param {import("./scenario.mjs").Scenario} scenario
 * @param {string} prompt the first prompt ("" for none)
 */
export async function interactive(tui, scenario, prompt) {
  tui.banner();
  if (!tui.trusted()) {
    tui.trustPrompt();
    if (!picksFirst(await tui.input.next())) {
      tui.end();
      process.exit(1);
    }
    tui.acceptTrust();
  }
  tui.started?.();
  let steps = prompt ? scenario.start : null;
  let message = prompt;
  for (;;) {
    if (steps) {
      tui.userMessage(message);
      tui.turnEnd(await runSteps(steps, tui));
    }
    tui.idle();
    const next = await tui.input.next();
    if (next === null) break;
    if (next.trim() === "") {
      steps = null;
      continue;
    }
    message = next;
    steps = replyTo(scenario, next);
    // The first message of a session started without a prompt is its prompt.
    if (!prompt) {
      prompt = next;
      steps = scenario.start;
    }
  }
  tui.end();
  process.exit(0);
}
