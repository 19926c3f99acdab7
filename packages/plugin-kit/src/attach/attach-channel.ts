import type { AttachClosed, AttachStream, TerminalSize } from "@ao/core";

const encoder = new TextEncoder();

/** The viewer-facing half of an attach stream, which a runtime feeds. */
export interface AttachChannel {
  /** Hand output to the listeners (kept for the first listener while there is none). */
  emit(chunk: Uint8Array | string): void;
  /** End the stream once; later calls are ignored. */
  end(closed: AttachClosed): void;
  /** Whether the stream has ended. */
  readonly ended: boolean;
  /** The stream to give the viewer. */
  readonly stream: AttachStream;
}

/** What the runtime does for the viewer's input, size and close. */
export interface AttachChannelHandlers {
  write(data: Uint8Array): Promise<void>;
  resize(size: TerminalSize): Promise<void>;
  /** Free the runtime's side; called once, whichever way the stream ends. */
  release(): Promise<void>;
}

/** Output kept for a viewer that has not subscribed yet; older chunks are dropped past this. */
const PENDING_LIMIT = 1 << 20;

/**
 * Build an AttachStream from a runtime's three operations: listeners, the
 * pending buffer before the first listener, one close however many callers,
 * and `closed` that never rejects. Runtimes share it so every stream behaves
 * the same to the dashboard.
 */
export function attachChannel(handlers: AttachChannelHandlers): AttachChannel {
  const listeners = new Set<(chunk: Uint8Array) => void>();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let ended = false;
  let settle: (closed: AttachClosed) => void = () => {};
  const closed = new Promise<AttachClosed>((resolve) => {
    settle = resolve;
  });
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => {
    released ??= handlers.release().catch(() => {});
    return released;
  };

  const end = (result: AttachClosed): void => {
    if (ended) return;
    ended = true;
    listeners.clear();
    pending = [];
    void release().then(() => settle(result));
  };

  const stream: AttachStream = {
    onData(listener) {
      listeners.add(listener);
      if (pending.length > 0) {
        const kept = pending;
        pending = [];
        pendingBytes = 0;
        for (const chunk of kept) listener(chunk);
      }
      return () => listeners.delete(listener);
    },
    async write(data) {
      if (ended) return;
      await handlers.write(typeof data === "string" ? encoder.encode(data) : data);
    },
    async resize(size) {
      if (ended) return;
      if (!validSize(size)) return;
      await handlers.resize(size);
    },
    async close() {
      end({ reason: "closed" });
      await closed;
    },
    closed,
  };

  return {
    emit(chunk) {
      if (ended) return;
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      if (bytes.length === 0) return;
      if (listeners.size === 0) {
        pending.push(bytes);
        pendingBytes += bytes.length;
        while (pendingBytes > PENDING_LIMIT && pending.length > 1)
          pendingBytes -= pending.shift()?.length ?? 0;
        return;
      }
      for (const listener of [...listeners]) listener(bytes);
    },
    end,
    get ended() {
      return ended;
    },
    stream,
  };
}

/** A size a terminal can have: whole cells, at least 1x1, at most 1000x1000 (anything else is a malformed request). */
export function validSize(size: TerminalSize): boolean {
  const ok = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 1000;
  return ok(size?.cols) && ok(size?.rows);
}
