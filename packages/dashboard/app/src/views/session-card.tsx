import { age, cost, excerpt, prettyState, tone } from "../lib/format.js";
import { safeHref } from "../lib/safe-url.js";
import type { BoardSession } from "../lib/types.js";
import { Badge, Link } from "./link.js";

/** The facts of a session that the board and the session page both show. */
export function SessionFacts({
  s,
  now,
  showProject,
}: {
  s: BoardSession;
  now: number;
  showProject?: boolean;
}) {
  const attempts = Object.entries(s.attempts ?? {}).filter(([, n]) => typeof n === "number" && n > 0);
  const prHref = s.pr ? safeHref(s.pr.url) : undefined;
  return (
    <dl class="facts">
      {showProject && (
        <>
          <dt>Project</dt>
          <dd>{s.project}</dd>
        </>
      )}
      <dt>Issue</dt>
      <dd>{s.issue ?? "–"}</dd>
      <dt>Branch</dt>
      <dd class="mono">{s.branch}</dd>
      <dt>PR</dt>
      <dd>
        {s.pr ? (
          <>
            {prHref ? (
              <a href={prHref} rel="noreferrer noopener" target="_blank">
                #{s.pr.number}
              </a>
            ) : (
              `#${s.pr.number}`
            )}
            {s.prState && s.prState !== "open" ? ` ${s.prState}` : ""}{" "}
            <Badge tone={tone(s.pr.ci)}>CI {prettyState(s.pr.ci)}</Badge>{" "}
            <Badge tone={tone(s.pr.review)}>review {prettyState(s.pr.review)}</Badge>
          </>
        ) : (
          "–"
        )}
      </dd>
      <dt>Activity</dt>
      <dd>
        {s.activity ? prettyState(s.activity) : "–"}
        {s.activity && s.activitySince ? (
          <span class="muted"> · {age(Date.parse(s.activitySince), now)}</span>
        ) : null}
      </dd>
      {attempts.length > 0 && (
        <>
          <dt>Attempts</dt>
          <dd>{attempts.map(([k, n]) => `${k} ${n}`).join(", ")}</dd>
        </>
      )}
      <dt>Cost</dt>
      <dd>{cost(s.costUsd)}</dd>
    </dl>
  );
}

/** Why the session is where it is: the error, the escalation, or the activity's evidence. */
export const whyOf = (s: BoardSession): string | null =>
  s.error ?? s.escalation?.reason ?? (s.group === "done" ? null : s.activityEvidence);

/** One session on the board: what it is, where it stands, and why ao thinks so. */
export function SessionCard({ s, now, showProject }: { s: BoardSession; now: number; showProject: boolean }) {
  const why = whyOf(s);
  return (
    <li class="card" data-session={s.id} data-state={s.state}>
      <div class="card-head">
        <Link href={`/sessions/${encodeURIComponent(s.id)}`} class="card-title">
          {s.id}
        </Link>
        <Badge tone={tone(s.state)}>{prettyState(s.state)}</Badge>
      </div>
      <SessionFacts s={s} now={now} showProject={showProject} />
      {why ? (
        <p class="evidence" title={why}>
          {excerpt(why)}
        </p>
      ) : null}
    </li>
  );
}
