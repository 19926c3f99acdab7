import type { Duplex } from "node:stream";
import { type AttachClosed, type AttachStream, errors, type TerminalSize } from "@ao/core";
import type Docker from "dockerode";
import { isMissing } from "./engine-errors.js";

/** How much of the log a new viewer gets as the current screen. */
const SCREEN_LINES = 200;

const validSize = (s: TerminalSize) =>
  Number.isInteger(s?.cols) &&
  Number.isInteger(s?.rows) &&
  s.cols > 0 &&
  s.rows > 0 &&
  s.cols <= 1000 &&
  s.rows <= 1000;

/**
 * One viewer of a container's TTY: a docker attach of stdin and stdout. The
 * stream is opened before the log is read, so no output falls between the
 * screen and the live bytes (a line may show twice, none is lost).
 */
export async function attachContainer(docker: Docker, id: string, size: TerminalSize): Promise<AttachStream> {
  const container = docker.getContainer(id);
  const info = await container.inspect().catch((e) => (isMissing(e) ? null : Promise.reject(e)));
  if (!info?.State.Running) {
    throw errors.cannotAttach(
      `The container ${id} is not running.`,
      "Restore the session (`ao restore <id>`), then attach again.",
    );
  }
  const socket = (await container.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as unknown as Duplex;
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const pending: Uint8Array[] = [];
  let screenSent = false;
  let ended = false;
  let settle: (c: AttachClosed) => void = () => {};
  const closed = new Promise<AttachClosed>((resolve) => {
    settle = (c) => {
      if (ended) return;
      ended = true;
      resolve(c);
    };
  });
  const emit = (chunk: Uint8Array) => {
    if (listeners.size === 0 || !screenSent) pending.push(chunk);
    else for (const l of listeners) l(chunk);
  };
  socket.on("data", (chunk: Buffer) => emit(new Uint8Array(chunk)));
  const finish = async () => {
    const alive = await container
      .inspect()
      .then((i) => i.State.Running)
      .catch(() => false);
    settle(alive ? { reason: "error", message: "the attach stream closed" } : { reason: "ended" });
  };
  socket.once("end", () => void finish());
  socket.once("close", () => void finish());
  socket.once("error", (error: Error) => settle({ reason: "error", message: error.message }));
  const screen = (await container
    .logs({ stdout: true, stderr: true, follow: false, tail: SCREEN_LINES })
    .catch(() => Buffer.alloc(0))) as unknown as Buffer;
  pending.unshift(new Uint8Array(screen));
  screenSent = true;
  if (validSize(size)) await container.resize({ h: size.rows, w: size.cols }).catch(() => {});
  const flush = () => {
    if (listeners.size === 0) return;
    for (const chunk of pending.splice(0)) for (const l of listeners) l(chunk);
  };
  return {
    onData(listener) {
      listeners.add(listener);
      flush();
      return () => listeners.delete(listener);
    },
    async write(data) {
      if (ended) return;
      await new Promise<void>((resolve) => socket.write(data, () => resolve()));
    },
    async resize(next) {
      if (ended || !validSize(next)) return;
      await container.resize({ h: next.rows, w: next.cols }).catch(() => {});
    },
    async close() {
      settle({ reason: "closed" });
      listeners.clear();
      socket.destroy();
    },
    closed,
  };
}
