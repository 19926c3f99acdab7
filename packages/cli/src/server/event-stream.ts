import type { IncomingMessage, ServerResponse } from "node:http";
import type { EngineApi } from "@ao/engine";
import type { Board, BoardSession } from "./dashboard-types.js";
import { recordSession } from "./timeline.js";

/** What a dashboard stream adds to the record stream (`?board=1`). */
export interface BoardFeed {
  /** The board as the caller may see it, sent first (and again on every reconnect). */
  board(): Board;
}

/**
 * Server-sent events: one `record` event per journal record of `only` (or
 * every session), as it is appended. With a board feed, a `board` event comes
 * first and each record that touched a session is followed by that session's
 * `session` event and the `count` of what needs a human. Every event passes
 * through `redact`.
 */
export function openStream(
  engine: EngineApi,
  only: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
  redact: (text: string) => string = (t) => t,
  feed?: BoardFeed,
): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.write(": connected\n\n");
  const send = (event: string, data: unknown, id?: string) =>
    res.write(`${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${redact(JSON.stringify(data))}\n\n`);
  streams.add(res);
  if (feed) send("board", feed.board());
  const unsubscribe = engine.subscribe((record) => {
    const session = recordSession(record);
    if (only && session !== only) return;
    send("record", record, `${record.project}:${record.seq}`);
    if (!feed || session === undefined) return;
    // Built from the same board the client holds, so the session's shape and the count agree.
    const board = feed.board();
    const shaped: BoardSession | undefined = board.sessions.find((s) => s.id === session);
    if (shaped) send("session", shaped);
    send("count", { needsHuman: board.needsHuman });
  });
  const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
  ping.unref();
  req.on("close", () => {
    clearInterval(ping);
    unsubscribe();
    streams.delete(res);
  });
}
