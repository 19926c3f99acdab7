import { useState } from "preact/hooks";
import { getJson, postJson, seg } from "../lib/api.js";
import type { BoardSession } from "../lib/types.js";
import { StatusLine, useAction } from "./use-action.js";

const TERMINAL = new Set(["merged", "killed", "closed"]);

/**
 * What a human does to one session: the same engine actions as the CLI, so
 * each is journaled with who acted (the browser's login).
 */
export function SessionActions({ s, onDone }: { s: BoardSession; onDone: () => void }) {
  const [message, setMessage] = useState("");
  const [review, setReview] = useState("");
  const [bundle, setBundle] = useState<string | null>(null);
  const [status, act] = useAction();
  const base = `/api/sessions/${seg(s.id)}`;
  const run = async (label: string, fn: () => Promise<unknown>) => {
    if (await act(label, fn)) onDone();
  };
  const ended = TERMINAL.has(s.state);
  const send = (e: Event) => {
    e.preventDefault();
    void run("Send message", async () => {
      await postJson(`${base}/send`, { text: message });
      setMessage("");
    });
  };
  const copyBundle = () =>
    act("Copy debug bundle", async () => {
      const data = await getJson<unknown>(`${base}/debug-bundle`);
      const text = JSON.stringify(data, null, 2);
      try {
        await navigator.clipboard.writeText(text);
        setBundle(null);
      } catch {
        // No clipboard permission (or no secure context): show it, selected, to copy by hand.
        setBundle(text);
      }
    });
  return (
    <section class="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <form class="stack" onSubmit={send}>
        <label>
          Message to the agent
          <textarea
            name="message"
            rows={2}
            required
            value={message}
            onInput={(e) => setMessage(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={status.busy || ended}>
          Send message
        </button>
      </form>
      {s.pr && (
        <div class="stack">
          <label>
            Review comment (optional)
            <textarea
              name="review"
              rows={2}
              value={review}
              onInput={(e) => setReview(e.currentTarget.value)}
            />
          </label>
          <div class="buttons">
            <button
              type="button"
              disabled={status.busy || ended}
              onClick={() =>
                run("Approve", () => postJson(`${base}/review`, { decision: "approve", body: review }))
              }
            >
              Approve
            </button>
            <button
              type="button"
              disabled={status.busy || ended}
              onClick={() =>
                run("Request changes", () =>
                  postJson(`${base}/review`, { decision: "request_changes", body: review }),
                )
              }
            >
              Request changes
            </button>
            <button
              type="button"
              class="primary"
              disabled={status.busy || ended}
              onClick={() => run("Merge", () => postJson(`${base}/merge`))}
            >
              Merge
            </button>
          </div>
        </div>
      )}
      <div class="buttons">
        <button
          type="button"
          class="danger"
          disabled={status.busy || ended}
          onClick={() => {
            if (confirm(`Kill session ${s.id}? Its runtime stops; the workspace stays.`))
              void run("Kill", () => postJson(`${base}/kill`));
          }}
        >
          Kill
        </button>
        <button
          type="button"
          disabled={status.busy}
          onClick={() => run("Restore", () => postJson(`${base}/restore`))}
        >
          Restore
        </button>
        <button type="button" disabled={status.busy} onClick={() => void copyBundle()}>
          Copy a debug bundle
        </button>
      </div>
      <StatusLine status={status} />
      {bundle !== null && (
        <label>
          Debug bundle (select and copy)
          <textarea class="mono" readOnly rows={8} value={bundle} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </section>
  );
}
