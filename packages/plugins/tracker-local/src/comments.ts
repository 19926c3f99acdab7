import { COMMENTS_MARKER } from "./issue-file.js";

/** A backtick fence longer than any backtick run in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}

/**
 * Append a comment to the rest of an issue file. The comment goes inside a
 * fence at the end of the file, after the front matter has been closed, so
 * nothing in it can be read back as front matter or as the description.
 */
export function appendComment(rest: string, body: string, at: number, author = "ao"): string {
  const section = rest.includes(COMMENTS_MARKER) ? "" : `\n${COMMENTS_MARKER}\n## Comments\n`;
  const fence = fenceFor(body);
  const base = rest.replace(/\n*$/, "\n");
  return `${base}${section}\n**${author}** · ${new Date(at).toISOString()}\n\n${fence}text\n${body}\n${fence}\n`;
}
