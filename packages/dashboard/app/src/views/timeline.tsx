import type { TimelineEntry } from "../lib/types.js";

/** The session's journal, oldest first, in the daemon's one-line summaries (inert, masked). */
export function Timeline({ entries, problem }: { entries: TimelineEntry[] | null; problem: string | null }) {
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {problem && <p class="error">{problem}</p>}
      {entries && entries.length === 0 && <p class="muted">No records yet.</p>}
      {entries && entries.length > 0 && (
        <ol class="timeline">
          {entries.map((r) => {
            const at = new Date(r.at);
            const valid = !Number.isNaN(at.getTime());
            return (
              <li key={r.seq} data-kind={r.kind}>
                <time dateTime={valid ? at.toISOString() : undefined}>
                  {valid ? at.toLocaleTimeString() : "?"}
                </time>
                <span class="kind">{r.kind}</span>
                <span class="what">{r.summary}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
