import type { IncomingMessage, ServerResponse } from "node:http";
import type { EngineApi } from "@ao/engine";

/** Server-sent events: one `record` event per journal record of `only` (or every session), as it is appended. */
export function openStream(
  engine: EngineApi,
  only: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.write(": connected\n\n");
  streams.add(res);
  const unsubscribe = engine.subscribe((record) => {
    if (
      only &&
      (!("session" in record) ||
        (typeof record.session === "string" ? record.session : record.session.id) !== only)
    )
      return;
    res.write(`id: ${record.project}:${record.seq}\nevent: record\ndata: ${JSON.stringify(record)}\n\n`);
  });
  const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
  ping.unref();
  req.on("close", () => {
    clearInterval(ping);
    unsubscribe();
    streams.delete(res);
  });
}
