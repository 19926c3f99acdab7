/**
 * Whether every occurrence of `text` in `message` lies inside a fenced code
 * block (a line of 3+ backticks or tildes, closed by a line of at least as
 * many of the same character), so outside text cannot pose as instructions.
 * Block boundaries follow CommonMark: a fence inside the text that could close
 * the block ends it early, and the text is then not fully inside.
 */
export function isFenced(message: string, text: string): boolean {
  if (text.length === 0) return true;
  const blocks = fencedRanges(message);
  let found = false;
  for (let at = message.indexOf(text); at >= 0; at = message.indexOf(text, at + 1)) {
    found = true;
    const end = at + text.length;
    if (!blocks.some(([start, stop]) => at >= start && end <= stop)) return false;
  }
  return found;
}

/** [start, end) offsets of the contents of each fenced block. */
function fencedRanges(message: string): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  let open: { char: string; length: number; start: number } | null = null;
  for (const line of message.split("\n")) {
    const lineEnd = offset + line.length;
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] && close[1][0] === open.char && close[1].length >= open.length) {
        ranges.push([open.start, Math.max(open.start, offset - 1)]);
        open = null;
      }
    } else {
      const start = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      const fence = start?.[1];
      // A backtick fence's info string may not contain backticks (CommonMark).
      if (fence && !(fence[0] === "`" && start[2]?.includes("`"))) {
        open = { char: fence[0] as string, length: fence.length, start: lineEnd + 1 };
      }
    }
    offset = lineEnd + 1;
  }
  return ranges;
}
