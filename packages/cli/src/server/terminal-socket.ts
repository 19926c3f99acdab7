import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { AoError, type AttachStream, errors, isAoError, isTerminal } from "@ao/core";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { checkApiRequest, isOwnOrigin, originOf } from "./origin-policy.js";
import { actorOf, principalOf } from "./principal.js";
import { parseTarget } from "./request-target.js";
import { authorize } from "./scopes.js";
import type { ServerState } from "./server-state.js";
import { recordSession } from "./timeline.js";
import type { OpenViewer } from "./terminal-attach.js";

/** At most this many viewers per session: each one is a tmux client and a socket. */
export const MAX_VIEWERS = 8;
/** Output waiting for one slow viewer before it is dropped: the daemon's memory is not its buffer. */
export const MAX_BUFFERED = 1024 * 1024;
/** The biggest input frame: a paste, not a file upload. */
export const MAX_INPUT = 64 * 1024;
/** Typed input is journaled (its size only) at most this often per viewer. */
const JOURNAL_EVERY_MS = 1000;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  421: "Misdirected Request",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  MISDIRECTED_REQUEST: 421,
  TOO_MANY_VIEWERS: 429,
  NO_TERMINAL: 409,
};

/** An upgrade refused with an HTTP answer on the raw socket: a refused viewer never gets a websocket. */
function refuse(socket: Duplex, error: unknown): void {
  const ao = isAoError(error) && error.kind !== "internal";
  const status = ao
    ? (STATUS[error.code] ?? (error.code.endsWith("_NOT_FOUND") ? 404 : error.kind === "usage" ? 400 : 409))
    : 500;
  const body = JSON.stringify({
    error: ao ? error.toJSON() : { code: "INTERNAL", message: "Internal error; see the daemon's output." },
  });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const size = (raw: string | null, fallback: number): number => {
  const n = Number(raw ?? fallback);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : fallback;
};

/**
 * The terminal websocket (`GET /api/sessions/<id>/terminal`, docs/http-api.md):
 * Host, Origin, credential and the `attach` permission are checked before the
 * upgrade, exactly as for any request that acts.
 */
export class TerminalSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INPUT });
  private readonly viewers = new Map<string, Set<WebSocket>>();
  private readonly opening = new Map<string, number>();
  private readonly streams = new Set<AttachStream>();

  constructor(
    private readonly state: ServerState,
    private readonly open: OpenViewer,
  ) {}

  /** Whether an upgrade request is for the terminal route (others are refused by the caller). */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    let stream: AttachStream | undefined;
    try {
      const { options, policy } = this.state;
      const target = parseTarget(req.url);
      const [api, sessions, id, leaf] = target.parts;
      if (target.parts.length !== 4 || api !== "api" || sessions !== "sessions" || leaf !== "terminal") {
        throw errors.usage(`No websocket at ${target.pathname}.`, "Open /api/sessions/<id>/terminal.");
      }
      checkApiRequest(policy, req);
      const principal = principalOf(req, options.token, options.home, this.state.logins);
      if (!principal) throw errors.unauthorized();
      // A page of another site could open a socket with the user's cookie: it must name our origin.
      if (principal.via === "cookie") {
        const origin = originOf(req);
        if (origin === undefined || !isOwnOrigin(policy, origin))
          throw errors.crossOrigin(origin ?? "(none)");
      }
      authorize(principal, "attach", id);
      const session = options.engine.session(id as string);
      if (!session) throw errors.sessionNotFound(id as string);
      if (isTerminal(session.state) || !session.resources.runtime) {
        throw new AoError({
          code: "NO_TERMINAL",
          message: `Session ${id} has no running terminal (state ${session.state}).`,
          hint: `See its last output with GET /api/sessions/${id}/output, or bring it back with restore.`,
        });
      }
      const showing = this.viewers.get(session.id)?.size ?? 0;
      // Viewers still being opened count too, or a burst of upgrades could pass the cap together.
      if (showing + (this.opening.get(session.id) ?? 0) >= MAX_VIEWERS) {
        throw new AoError({
          code: "TOO_MANY_VIEWERS",
          message: `Session ${id} already has ${MAX_VIEWERS} terminal viewers.`,
          hint: "Close another tab that shows this session's terminal.",
        });
      }
      const cols = size(target.searchParams.get("cols"), 80);
      const rows = size(target.searchParams.get("rows"), 24);
      const actor = actorOf({ principal });
      // Opened before the upgrade, so a runtime without a terminal is an HTTP answer, not a dead socket.
      this.opening.set(session.id, (this.opening.get(session.id) ?? 0) + 1);
      const opened = await this.open(session, { cols, rows }).finally(() => {
        const left = (this.opening.get(session.id) ?? 1) - 1;
        if (left > 0) this.opening.set(session.id, left);
        else this.opening.delete(session.id);
      });
      stream = opened;
      if (socket.destroyed) throw new Error("the client left");
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const viewers = this.viewers.get(session.id) ?? new Set<WebSocket>();
        this.viewers.set(session.id, viewers);
        viewers.add(ws);
        ws.once("close", () => {
          viewers.delete(ws);
          if (viewers.size === 0 && this.viewers.get(session.id) === viewers) this.viewers.delete(session.id);
        });
        this.bridge(ws, session.id, opened, actor);
      });
    } catch (error) {
      if (stream) stream.close().catch(() => {});
      refuse(socket, error);
    }
  }

  /** Pipe the runtime's stream to the socket and back until either ends. */
  private bridge(
    ws: WebSocket,
    sessionId: string,
    stream: AttachStream,
    actor: ReturnType<typeof actorOf>,
  ): void {
    const { engine, redact } = this.state.options;
    // A secret the agent prints in one write is masked; the bytes of any other chunk pass untouched.
    const masked = (chunk: Uint8Array): Uint8Array => {
      const text = Buffer.from(chunk).toString("utf8");
      const clean = redact(text);
      return clean === text ? chunk : Buffer.from(clean, "utf8");
    };
    this.streams.add(stream);
    let typed = 0;
    const flush = () => {
      if (typed === 0) return;
      const bytes = typed;
      typed = 0;
      engine.terminalInput(sessionId, bytes, { actor }).catch(() => {});
    };
    const journal = setInterval(flush, JOURNAL_EVERY_MS);
    journal.unref();
    const unsubscribe = engine.subscribe((record) => {
      if (record.kind === "transition" && recordSession(record) === sessionId) {
        const next = engine.session(sessionId);
        if (next && isTerminal(next.state)) ws.close(1000, "session ended");
      }
    });
    stream.onData((chunk) => {
      if (ws.readyState !== ws.OPEN) return;
      // A viewer that cannot keep up is dropped; the others and the daemon go on.
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.close(1013, "viewer too slow");
        return;
      }
      ws.send(masked(chunk), { binary: true });
    });
    const input = (data: string | Uint8Array, size: number) => {
      typed += size;
      stream.write(data).catch(() => ws.close(1011, "input failed"));
    };
    ws.on("message", (data: RawData, isBinary: boolean) => {
      const bytes = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      if (isBinary) return input(new Uint8Array(bytes), bytes.length);
      // A text frame is a control message when it is exactly one, else keystrokes as typed
      // (xterm sends text): at worst a pasted resize message resizes instead of being typed.
      const text = bytes.toString("utf8");
      const control = text.startsWith("{") ? parseControl(text) : undefined;
      if (control?.type === "resize")
        stream.resize({ cols: control.cols, rows: control.rows }).catch(() => {});
      else if (control?.type === "input") input(control.data, Buffer.byteLength(control.data));
      else input(text, bytes.length);
    });
    void stream.closed.then((end) => {
      if (end.reason === "error") ws.close(1011, "terminal failed");
      else ws.close(1000, "terminal ended");
    });
    ws.once("close", () => {
      clearInterval(journal);
      unsubscribe();
      flush();
      stream
        .close()
        .catch(() => {})
        .finally(() => this.streams.delete(stream));
    });
  }

  /** Close every viewer and free every stream (the daemon is stopping: no tmux client may outlive it). */
  async close(): Promise<void> {
    for (const set of this.viewers.values()) {
      for (const ws of set) {
        ws.close(1001, "ao is stopping");
        // A viewer that does not answer the closing handshake is cut off.
        setTimeout(() => ws.terminate(), 1000).unref();
      }
    }
    this.wss.close();
    await Promise.all([...this.streams].map((stream) => stream.close().catch(() => {})));
  }
}

type Control = { type: "resize"; cols: number; rows: number } | { type: "input"; data: string };

/** A control message of a text frame; undefined for anything else (ignored). */
export function parseControl(text: string): Control | undefined {
  let value: { type?: unknown; cols?: unknown; rows?: unknown; data?: unknown };
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value?.type === "input" && typeof value.data === "string") return { type: "input", data: value.data };
  if (value?.type !== "resize") return undefined;
  const cols = Number(value.cols);
  const rows = Number(value.rows);
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1000;
  return ok(cols) && ok(rows) ? { type: "resize", cols, rows } : undefined;
}
