import { GROUPS, groupSessions } from "../lib/board-groups.js";
import type { BoardSession } from "../lib/types.js";
import { Link } from "./link.js";
import { SessionCard } from "./session-card.js";
import { SpawnForm } from "./spawn-form.js";

/**
 * The board: every project (the portfolio) or one. Columns that need the
 * human come first and always show; empty columns of ao's own work fold away.
 */
export function Board(props: {
  sessions: BoardSession[];
  projects: string[];
  project?: string;
  now: number;
}) {
  const projects = [...new Set([...props.projects, ...props.sessions.map((s) => s.project)])].sort();
  const shown = props.project ? props.sessions.filter((s) => s.project === props.project) : props.sessions;
  const groups = groupSessions(shown);
  const needing = shown.filter((s) => s.needsHuman).length;
  return (
    <section aria-labelledby="board-title">
      <div class="page-head">
        <h1 id="board-title" tabIndex={-1}>
          {props.project ? `Project ${props.project}` : "All projects"}
        </h1>
        <p class="summary">
          <strong>{needing}</strong> need you · {shown.length} sessions
        </p>
      </div>
      {projects.length > 1 && (
        <nav aria-label="Projects" class="chips">
          <Link href="/" current={!props.project} class="chip">
            all
          </Link>
          {projects.map((p) => (
            <Link
              key={p}
              href={`/projects/${encodeURIComponent(p)}`}
              current={p === props.project}
              class="chip"
            >
              {p}
            </Link>
          ))}
        </nav>
      )}
      {shown.length === 0 && (
        <p class="empty">No sessions yet: spawn one from an issue below, or with `ao spawn`.</p>
      )}
      <div class="board">
        {GROUPS.map((g) => {
          const items = groups.get(g.key) ?? [];
          if (items.length === 0 && !g.needsHuman) return null;
          return (
            <section
              key={g.key}
              class={`column${g.needsHuman ? " needs-human" : ""}${items.length === 0 ? " empty-column" : ""}`}
              aria-labelledby={`col-${g.key}`}
              data-group={g.key}
            >
              <h2 id={`col-${g.key}`}>
                {g.label} <span class="count">{items.length}</span>
              </h2>
              {items.length > 0 && (
                <ul class="cards">
                  {items.map((s) => (
                    <SessionCard key={s.id} s={s} now={props.now} showProject={!props.project} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <SpawnForm projects={projects} project={props.project} />
    </section>
  );
}
