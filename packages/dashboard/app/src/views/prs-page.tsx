import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, getJson } from "../lib/api.js";
import { onRecord } from "../lib/board-store.js";
import { prettyState, tone } from "../lib/format.js";
import { safeHref } from "../lib/safe-url.js";
import type { DashboardPr } from "../lib/types.js";
import { Badge, Link } from "./link.js";
import { ReviewComments } from "./review-comments.js";

const STATES = [
  { key: "open", label: "Open" },
  { key: "merged", label: "Merged" },
  { key: "closed", label: "Closed without merge" },
] as const;

function PrItem({ pr }: { pr: DashboardPr }) {
  const href = safeHref(pr.url);
  return (
    <li class="card pr" data-pr={pr.number} data-session={pr.session}>
      <div class="card-head">
        <span class="card-title">
          {href ? (
            <a href={href} rel="noreferrer noopener" target="_blank">
              {pr.project} #{pr.number}
            </a>
          ) : (
            `${pr.project} #${pr.number}`
          )}
        </span>
        <Badge tone={tone(pr.ci)}>CI {prettyState(pr.ci)}</Badge>
        <Badge tone={tone(pr.review)}>review {prettyState(pr.review)}</Badge>
      </div>
      <p class="small">
        Session <Link href={`/sessions/${encodeURIComponent(pr.session)}`}>{pr.session}</Link>
      </p>
      {pr.state === "open" && (
        <ReviewComments session={pr.session} comments={pr.comments} problem={pr.commentsError} />
      )}
    </li>
  );
}

/** Every PR a session owns, open first, with the unresolved review comments of the open ones. */
export function PrsPage() {
  const [prs, setPrs] = useState<DashboardPr[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => {
    getJson<{ prs?: DashboardPr[] }>("/api/prs").then(
      (r) => {
        setPrs(Array.isArray(r.prs) ? r.prs : []);
        setProblem(null);
      },
      (e) => setProblem(e instanceof ApiError ? `${e.message}${e.hint ? ` ${e.hint}` : ""}` : String(e)),
    );
  }, []);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    load();
    const off = onRecord(() => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        load();
      }, 300);
    });
    return () => {
      off();
      clearTimeout(timer.current);
    };
  }, [load]);
  return (
    <section aria-labelledby="prs-title">
      <div class="page-head">
        <h1 id="prs-title" tabIndex={-1}>
          Pull requests
        </h1>
      </div>
      {problem && <p class="error">{problem}</p>}
      {prs === null && !problem && <p class="muted">Loading…</p>}
      {prs &&
        STATES.map((st) => {
          const items = prs.filter((p) => p.state === st.key);
          return (
            <section key={st.key} aria-labelledby={`prs-${st.key}`} class="pr-group">
              <h2 id={`prs-${st.key}`}>
                {st.label} <span class="count">{items.length}</span>
              </h2>
              {items.length === 0 ? (
                <p class="muted small">None.</p>
              ) : (
                <ul class="cards">
                  {items.map((p) => (
                    <PrItem key={`${p.project}#${p.number}`} pr={p} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
    </section>
  );
}
