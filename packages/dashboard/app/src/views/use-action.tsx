import { useState } from "preact/hooks";
import { ApiError } from "../lib/api.js";

/** What the last action said: shown in a live region, so screen readers hear it too. */
export interface ActionStatus {
  busy: boolean;
  message: string | null;
  error: boolean;
}

/** Runs one action at a time and keeps its outcome (the daemon's message and hint on failure). */
export function useAction(): [
  ActionStatus,
  (label: string, run: () => Promise<unknown>) => Promise<boolean>,
] {
  const [status, setStatus] = useState<ActionStatus>({ busy: false, message: null, error: false });
  const act = async (label: string, run: () => Promise<unknown>) => {
    setStatus({ busy: true, message: `${label}…`, error: false });
    try {
      await run();
      setStatus({ busy: false, message: `${label}: done.`, error: false });
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, "UNKNOWN");
      setStatus({
        busy: false,
        message: `${label} failed: ${err.message}${err.hint ? ` ${err.hint}` : ""}`,
        error: true,
      });
      return false;
    }
  };
  return [status, act];
}

/** The outcome line of a form. */
export function StatusLine({ status }: { status: ActionStatus }) {
  return (
    <output class={`status-line${status.error ? " error" : ""}`} aria-live="polite">
      {status.message ?? ""}
    </output>
  );
}
