/** One line of tmux control mode, as the attach stream needs it. */
export type ControlLine =
  | { type: "begin"; flags: string }
  | { type: "end" }
  | { type: "error" }
  | { type: "output"; pane: string; data: Uint8Array }
  | { type: "exit"; reason: string }
  | { type: "text"; line: Uint8Array };

const BACKSLASH = 0x5c;
const SPACE = 0x20;

const startsWith = (line: Uint8Array, prefix: string): boolean => {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix.charCodeAt(i)) return false;
  return true;
};

const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

/**
 * Parse one line (without its `\n`) of tmux's control-mode output. Lines are
 * bytes, not text: `%output` values carry the pane's bytes as they are (only
 * control characters and backslash come octal-escaped), which may be invalid
 * UTF-8 and must reach the viewer untouched. Lines inside a command's block
 * and unknown notifications come back as `text`.
 */
export function parseControlLine(line: Uint8Array): ControlLine {
  if (startsWith(line, "%output ")) {
    const rest = line.subarray("%output ".length);
    const space = rest.indexOf(SPACE);
    if (space < 0) return { type: "output", pane: ascii(rest), data: new Uint8Array(0) };
    return {
      type: "output",
      pane: ascii(rest.subarray(0, space)),
      data: unescapeOctal(rest.subarray(space + 1)),
    };
  }
  if (startsWith(line, "%begin ")) return { type: "begin", flags: ascii(line).split(" ")[3] ?? "" };
  if (startsWith(line, "%end ")) return { type: "end" };
  if (startsWith(line, "%error ")) return { type: "error" };
  if (startsWith(line, "%exit")) return { type: "exit", reason: ascii(line.subarray(5)).trim() };
  return { type: "text", line };
}

/** Undo tmux's `\ooo` escapes; every other byte is copied as it is. */
export function unescapeOctal(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(value.length);
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const byte = value[i] as number;
    if (
      byte === BACKSLASH &&
      i + 3 < value.length &&
      isOctal(value[i + 1]) &&
      isOctal(value[i + 2]) &&
      isOctal(value[i + 3])
    ) {
      out[n++] =
        (((value[i + 1] as number) - 0x30) << 6) |
        (((value[i + 2] as number) - 0x30) << 3) |
        ((value[i + 3] as number) - 0x30);
      i += 3;
    } else out[n++] = byte;
  }
  return out.subarray(0, n);
}

const isOctal = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x37;

/** Split a byte stream into lines: complete lines are handed on, a partial one waits for more. */
export class LineSplitter {
  private rest: Uint8Array = new Uint8Array(0);

  /** Feed a chunk; returns the complete lines in it (without `\n`). */
  push(chunk: Uint8Array): Uint8Array[] {
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
      lines.push(data.subarray(start, nl));
      start = nl + 1;
    }
    this.rest = data.slice(start);
    return lines;
  }
}

/** `send-keys -H` arguments: each byte as two hex digits, so tmux types exactly these bytes. */
export function hexKeys(bytes: Uint8Array): string[] {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0"));
}
