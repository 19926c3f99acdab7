import { isAoError } from "@ao/core";

/** Colour only on a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
export type Style = keyof typeof CODES;

/** Wrap text in an ANSI style when colour is on for stdout. */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!useColour(stream)) return text;
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/** Print a value as the only thing on stdout (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A human line on stdout. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Progress for long steps: always stderr, so stdout stays clean for `--json`. */
export function progress(text: string): void {
  process.stderr.write(`${paint("dim", `… ${text}`, process.stderr)}\n`);
}

/**
 * The top-level error policy: user errors print message + hint and exit 1,
 * usage errors exit 2, anything else is a bug (stack + "please report").
 */
export function reportError(error: unknown, json = false): number {
  if (isAoError(error)) {
    const code = error.kind === "usage" ? 2 : 1;
    if (error.kind !== "internal") {
      if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
      process.stderr.write(`${paint("red", "error", process.stderr)} ${error.message}\n`);
      if (error.hint) process.stderr.write(`${paint("dim", `hint: ${error.hint}`, process.stderr)}\n`);
      return code;
    }
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${paint("red", "internal error", process.stderr)} ${stack}\n`);
  process.stderr.write("This is a bug in ao: please report it with the output above.\n");
  return 1;
}
