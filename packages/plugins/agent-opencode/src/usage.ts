import type { AgentFiles, AgentUsage } from "@ao/core";
import { messageIds, readMessage } from "./storage.js";

/**
 * What sessionInfo carries from call to call (journaled): the session, the
 * last message counted, and the totals so far, so each call reads only the
 * messages written since.
 */
export interface UsageCursor {
  agentSessionId: string;
  counted: string;
  usage: AgentUsage[];
  costUsd: number;
}

/** A journaled cursor, if it is one for this session (a journaled value may be anything). */
export function cursorFor(cursor: unknown, sessionId: string | null): UsageCursor | null {
  const c = cursor as Partial<UsageCursor> | null;
  if (!c || typeof c !== "object" || typeof c.agentSessionId !== "string") return null;
  if (sessionId && c.agentSessionId !== sessionId) return null;
  if (typeof c.counted !== "string" || !Array.isArray(c.usage) || typeof c.costUsd !== "number") return null;
  return c as UsageCursor;
}

/** The session cursor's session id, whatever shape the rest has. */
export function cursorSession(cursor: unknown): string | null {
  const id = (cursor as { agentSessionId?: unknown } | null)?.agentSessionId;
  return typeof id === "string" && id ? id : null;
}

/**
 * Add the assistant messages completed since the cursor. A message still
 * being written stops the count there, so it is counted once, when complete.
 */
export async function addUsage(
  files: AgentFiles,
  dataDir: string,
  sessionId: string,
  from: UsageCursor | null,
): Promise<UsageCursor> {
  const next: UsageCursor = from
    ? { ...from, usage: from.usage.map((u) => ({ ...u })) }
    : { agentSessionId: sessionId, counted: "", usage: [], costUsd: 0 };
  for (const id of await messageIds(files, dataDir, sessionId)) {
    if (id <= next.counted) continue;
    const message = await readMessage(files, dataDir, sessionId, id);
    if (!message) break; // torn or half-written: read again next time
    if (message.role === "assistant") {
      if (!message.completed && !message.error) break;
      let row = next.usage.find((u) => u.model === message.model);
      if (!row) {
        row = { model: message.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
        next.usage.push(row);
      }
      row.input += message.usage.input;
      row.output += message.usage.output;
      row.cacheRead += message.usage.cacheRead;
      row.cacheWrite += message.usage.cacheWrite;
      next.costUsd += message.cost;
    }
    next.counted = id;
  }
  return next;
}
