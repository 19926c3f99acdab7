import { postJson, seg } from "../lib/api.js";
import type { DashboardComment } from "../lib/types.js";
import { Badge } from "./link.js";
import { StatusLine, useAction } from "./use-action.js";

/** One unresolved review comment (the reviewer's text, shown as text) and its one action. */
function Comment({ session, c }: { session: string; c: DashboardComment }) {
  const [status, act] = useAction();
  const where = c.path ? `${c.path}${typeof c.line === "number" ? `:${c.line}` : ""}` : null;
  return (
    <li class="comment" data-comment={c.id}>
      <div class="comment-head">
        <strong>{c.author}</strong>
        {!c.trusted && <Badge tone="warn">no write access</Badge>}
        {where && <span class="mono muted">{where}</span>}
      </div>
      <p class="comment-body">{c.body}</p>
      <button
        type="button"
        disabled={status.busy}
        onClick={() =>
          act("Ask the agent to fix this", () =>
            postJson(`/api/sessions/${seg(session)}/fix-comment`, { commentId: c.id }),
          )
        }
      >
        Ask the agent to fix this
      </button>
      <StatusLine status={status} />
    </li>
  );
}

/** The unresolved review comments of a session's PR. */
export function ReviewComments(props: {
  session: string;
  comments: DashboardComment[] | null;
  problem?: string | null | undefined;
}) {
  if (props.problem) return <p class="muted">Review comments unavailable: {props.problem}</p>;
  if (!props.comments) return null;
  if (props.comments.length === 0) return <p class="muted">No unresolved review comments.</p>;
  return (
    <ul class="comments">
      {props.comments.map((c) => (
        <Comment key={c.id} session={props.session} c={c} />
      ))}
    </ul>
  );
}
