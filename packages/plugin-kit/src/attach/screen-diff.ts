/** Clear the screen and home the cursor: a full redraw starts with it. */
export const CLEAR_SCREEN = "\x1b[H\x1b[2J";

/** Text lines as a terminal expects them: CRLF between lines. */
export const asScreen = (lines: string[]): string => lines.join("\r\n");

/**
 * The bytes that turn a viewer showing `before` into one showing `after`, both
 * the last lines of a program's output. When `after` continues `before` (the
 * last old line may have grown, new lines may follow) only the change is
 * sent; anything else (scrolled past the window, rewritten) redraws the screen.
 */
export function screenDiff(before: string[], after: string[]): string {
  if (sameLines(before, after)) return "";
  if (before.length === 0) return asScreen(after);
  const last = before[before.length - 1] as string;
  for (let k = Math.min(before.length, after.length); k >= 1; k--) {
    const kept = before.slice(before.length - k, -1);
    const grown = after[k - 1] as string;
    if (sameLines(kept, after.slice(0, k - 1)) && grown.startsWith(last)) {
      const rest = after.slice(k);
      return grown.slice(last.length) + rest.map((line) => `\r\n${line}`).join("");
    }
  }
  return CLEAR_SCREEN + asScreen(after);
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
