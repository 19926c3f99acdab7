/**
 * A value as an AppleScript string literal: backslash and double quote are
 * escaped, line breaks and tabs written as `\n`, `\r`, `\t`, so the literal
 * always stays on one line and ends where it should.
 */
export function appleScriptString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (ch) => APPLESCRIPT_ESCAPES[ch] as string);
  return `"${escaped}"`;
}

const APPLESCRIPT_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** One argv word for a POSIX shell: single-quoted, a single quote written as `'\''`. */
export function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Control characters other than tab and newline: typed into a terminal they could act as keys. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Whether a value holds control characters that must never be typed into a terminal. */
export const hasControlCharacters = (value: string): boolean => CONTROL.test(value);

/** How the new iTerm2 view opens. */
export interface ITermScriptOptions {
  /** A new window, or a new tab of the current window (a new window when there is none). */
  mode: "tab" | "window";
  /** The iTerm2 profile to open it with; the default profile when empty. */
  profile: string;
}

/**
 * The AppleScript that opens a new iTerm2 tab or window and runs `argv` in
 * its shell. The command is typed into the new session's login shell, so it
 * is quoted for a POSIX shell (sh, bash, zsh), then as an AppleScript literal.
 */
export function iTermScript(argv: readonly string[], options: ITermScriptOptions): string {
  const command = argv.map(shellWord).join(" ");
  const profile =
    options.profile === "" ? "default profile" : `profile ${appleScriptString(options.profile)}`;
  const open =
    options.mode === "window"
      ? [`set target to (create window with ${profile})`]
      : [
          "if (count of windows) is 0 then",
          `  set target to (create window with ${profile})`,
          "else",
          `  tell current window to set target to (create tab with ${profile})`,
          "end if",
        ];
  return [
    'tell application "iTerm2"',
    "  activate",
    ...open.map((line) => `  ${line}`),
    `  tell current session of target to write text ${appleScriptString(command)}`,
    "end tell",
    "",
  ].join("\n");
}
