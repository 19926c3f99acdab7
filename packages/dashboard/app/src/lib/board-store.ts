import { useEffect, useState } from "preact/hooks";
import { ApiError, getJson } from "./api.js";
import type { Board, BoardSession } from "./types.js";

export type Connection = "loading" | "login" | "live" | "reconnecting" | "error";

export interface BoardState {
  connection: Connection;
  /** Why the board cannot load (the daemon's message and hint). */
  problem: string | null;
  sessions: BoardSession[];
  /** Every configured project, with or without sessions. */
  projects: string[];
  needsHuman: number;
}

/** A journal record pushed by the daemon (masked): pages that show one session listen for theirs. */
export type RecordListener = (record: { session?: unknown; seq?: unknown; kind?: unknown }) => void;
const recordListeners = new Set<RecordListener>();

/** Hear every journal record while mounted; returns the unsubscribe. */
export function onRecord(listener: RecordListener): () => void {
  recordListeners.add(listener);
  return () => recordListeners.delete(listener);
}

const parse = (e: Event): unknown => {
  try {
    return JSON.parse((e as MessageEvent<string>).data);
  } catch {
    return undefined; // A torn event is dropped; the next `board` event repairs the view.
  }
};

const isSession = (v: unknown): v is BoardSession =>
  !!v && typeof v === "object" && typeof (v as BoardSession).id === "string";

/**
 * The board, kept live by push: the daemon's event stream starts with the
 * whole board and then sends each session that changed. No polling: a
 * dropped stream is reopened by EventSource itself and starts with a full board again.
 */
export function useBoard(): BoardState {
  const [state, setState] = useState<BoardState>({
    connection: "loading",
    problem: null,
    sessions: [],
    projects: [],
    needsHuman: 0,
  });
  useEffect(() => {
    let source: EventSource | undefined;
    let closed = false;
    const fail = (e: unknown) => {
      if (closed) return;
      const login = e instanceof ApiError && e.status === 401;
      const problem = e instanceof ApiError ? `${e.message}${e.hint ? ` ${e.hint}` : ""}` : String(e);
      setState((s) => ({ ...s, connection: login ? "login" : "error", problem }));
    };
    const open = () => {
      source = new EventSource("/api/events?board=1");
      source.addEventListener("board", (e) => {
        const board = parse(e) as Board | undefined;
        if (!board || !Array.isArray(board.sessions)) return;
        const sessions = board.sessions.filter(isSession);
        const projects = (Array.isArray(board.projects) ? board.projects : [])
          .map((p) => p?.id)
          .filter((p): p is string => typeof p === "string");
        setState({
          connection: "live",
          problem: null,
          sessions,
          projects,
          needsHuman: typeof board.needsHuman === "number" ? board.needsHuman : 0,
        });
      });
      source.addEventListener("session", (e) => {
        const s = parse(e);
        if (!isSession(s)) return;
        setState((prev) => {
          const sessions = prev.sessions.filter((x) => x.id !== s.id);
          sessions.push(s);
          return { ...prev, sessions, needsHuman: sessions.filter((x) => x.needsHuman).length };
        });
      });
      source.addEventListener("count", (e) => {
        const c = parse(e) as { needsHuman?: unknown } | undefined;
        if (typeof c?.needsHuman === "number")
          setState((prev) => ({ ...prev, needsHuman: c.needsHuman as number }));
      });
      source.addEventListener("record", (e) => {
        const r = parse(e);
        if (r && typeof r === "object")
          for (const l of recordListeners) l(r as Parameters<RecordListener>[0]);
      });
      source.onerror = () => {
        if (closed || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          // The stream was refused (a daemon restart forgets browser logins): ask why.
          source = undefined;
          getJson("/api/me").then(() => setTimeout(() => !closed && open(), 2000), fail);
        } else setState((s) => (s.connection === "live" ? { ...s, connection: "reconnecting" } : s));
      };
    };
    getJson("/api/me").then(open, fail);
    return () => {
      closed = true;
      source?.close();
    };
  }, []);
  return state;
}
