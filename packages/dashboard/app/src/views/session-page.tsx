import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, getJson, seg } from "../lib/api.js";
import { onRecord } from "../lib/board-store.js";
import { prettyState, tone } from "../lib/format.js";
import type { BoardSession, DashboardComment, SessionOutput, TimelineEntry } from "../lib/types.js";
import { Badge, Link } from "./link.js";
import { ReviewComments } from "./review-comments.js";
import { SessionActions } from "./session-actions.js";
import { SessionFacts, whyOf } from "./session-card.js";
import { WebTerminal } from "./terminal.js";
import { Timeline } from "./timeline.js";

const problemOf = (e: unknown): string =>
  e instanceof ApiError ? `${e.message}${e.hint ? ` ${e.hint}` : ""}` : String(e);

/** What the session page loads beside the board's facts, reloaded when the session's journal grows. */
function useSessionDetail(id: string, hasOpenPr: boolean) {
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [output, setOutput] = useState<SessionOutput | null>(null);
  const [comments, setComments] = useState<DashboardComment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [commentsProblem, setCommentsProblem] = useState<string | null>(null);
  const base = `/api/sessions/${seg(id)}`;
  const load = useCallback(() => {
    getJson<{ entries?: TimelineEntry[] }>(`${base}/timeline`).then(
      (t) => {
        setEntries(Array.isArray(t.entries) ? t.entries : []);
        setProblem(null);
      },
      (e) => setProblem(problemOf(e)),
    );
    getJson<SessionOutput>(`${base}/output`).then(setOutput, () => setOutput(null));
    if (hasOpenPr)
      getJson<{ comments?: DashboardComment[] }>(`${base}/comments`).then(
        (c) => {
          setComments(Array.isArray(c.comments) ? c.comments : []);
          setCommentsProblem(null);
        },
        (e) => setCommentsProblem(problemOf(e)),
      );
  }, [base, hasOpenPr]);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    load();
    const off = onRecord((r) => {
      const session =
        typeof r.session === "string" ? r.session : (r.session as { id?: unknown } | undefined)?.id;
      if (session !== id || timer.current) return;
      // A burst of records (event, transition, effects) becomes one reload.
      timer.current = setTimeout(() => {
        timer.current = undefined;
        load();
      }, 150);
    });
    return () => {
      off();
      clearTimeout(timer.current);
    };
  }, [id, load]);
  return { entries, output, comments, problem, commentsProblem, reload: load };
}

/** One session: its facts, actions, review comments, timeline, last output and live terminal. */
export function SessionPage(props: {
  id: string;
  session: BoardSession | undefined;
  loaded: boolean;
  now: number;
}) {
  const s = props.session;
  const detail = useSessionDetail(props.id, s?.prState === "open");
  if (!s) {
    return (
      <section>
        <h1>Session {props.id}</h1>
        <p class="muted">{props.loaded ? "No such session (or not yours to see)." : "Loading…"}</p>
        <Link href="/">Back to the board</Link>
      </section>
    );
  }
  const why = whyOf(s);
  return (
    <section aria-labelledby="session-title" class="session-page">
      <div class="page-head">
        <h1 id="session-title" tabIndex={-1}>
          {s.id} <Badge tone={tone(s.state)}>{prettyState(s.state)}</Badge>
        </h1>
        <p class="summary">
          <Link href={`/projects/${encodeURIComponent(s.project)}`}>{s.project}</Link>
        </p>
      </div>
      <div class="session-grid">
        <div class="stack">
          <section class="panel" aria-labelledby="facts-title">
            <h2 id="facts-title">Where it stands</h2>
            <SessionFacts s={s} now={props.now} />
            {why && <p class="evidence">{why}</p>}
          </section>
          <SessionActions s={s} onDone={detail.reload} />
          {s.prState === "open" && (
            <section class="panel" aria-labelledby="comments-title">
              <h2 id="comments-title">Unresolved review comments</h2>
              <ReviewComments session={s.id} comments={detail.comments} problem={detail.commentsProblem} />
            </section>
          )}
        </div>
        <div class="stack">
          <WebTerminal id={s.id} live={s.state !== "spawning" && s.group !== "done"} />
          <section class="panel" aria-labelledby="output-title">
            <h2 id="output-title">Last output</h2>
            <pre class="output">{detail.output?.output || "(no output)"}</pre>
          </section>
          <Timeline entries={detail.entries} problem={detail.problem} />
        </div>
      </div>
    </section>
  );
}
