// What a user types or ao delivers: one message per Enter. In a terminal the
// fake turns bracketed paste on, as the real TUIs do, so a pasted multi-line
// message arrives as one message; from a pipe each line is a message.

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

/** Reads messages from stdin one at a time. */
export class MessageInput {
  constructor() {
    /** @type {string} */
    this.buffer = "";
    /** @type {((message: string | null) => void) | null} */
    this.waiting = null;
    this.ended = false;
    if (process.stdin.isTTY) process.stdout.write("\x1b[?2004h");
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      this.buffer += chunk;
      this.pump();
    });
    process.stdin.on("end", () => {
      this.ended = true;
      this.pump();
    });
  }

  /** The next message, or null when stdin has ended. @returns {Promise<string | null>} */
  next() {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.pump();
    });
  }

  pump() {
    if (!this.waiting) return;
    const message = this.take();
    if (message === undefined && !this.ended) return;
    const resolve = this.waiting;
    this.waiting = null;
    resolve(message ?? null);
  }

  /** One complete message from the buffer, or undefined when none is complete yet. */
  take() {
    let text = "";
    let rest = this.buffer;
    for (;;) {
      const start = rest.indexOf(PASTE_START);
      const newline = rest.search(/[\r\n]/);
      if (start !== -1 && (newline === -1 || start < newline)) {
        const end = rest.indexOf(PASTE_END, start);
        if (end === -1) return undefined;
        text += rest.slice(0, start) + rest.slice(start + PASTE_START.length, end);
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      if (newline === -1) return undefined;
      text += rest.slice(0, newline);
      rest = rest.slice(newline + 1).replace(/^\n/, "");
      this.buffer = rest;
      return text.replace(/\r\n?/g, "\n");
    }
  }
}
