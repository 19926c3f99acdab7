import { useState } from "preact/hooks";
import { postJson } from "../lib/api.js";
import { navigate } from "../lib/router.js";
import { StatusLine, useAction } from "./use-action.js";

/** Spawn a session from an issue of a project (the same action as `ao spawn`). */
export function SpawnForm(props: { projects: string[]; project?: string | undefined }) {
  const [typed, setProject] = useState<string | null>(null);
  // Until the user types, follow the page: the project shown, else the first one configured.
  const project = typed ?? props.project ?? props.projects[0] ?? "";
  const [issue, setIssue] = useState("");
  const [status, act] = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    let id: string | undefined;
    const ok = await act(`Spawn ${project}#${issue}`, async () => {
      const out = await postJson<{ session?: { id?: string } }>("/api/sessions", { project, issue });
      id = out.session?.id;
    });
    if (ok && id) navigate(`/sessions/${encodeURIComponent(id)}`);
  };
  return (
    <form class="panel spawn" onSubmit={submit} aria-labelledby="spawn-title">
      <h2 id="spawn-title">Spawn from an issue</h2>
      <div class="row">
        <label>
          Project
          <input
            name="project"
            list="project-names"
            required
            value={project}
            onInput={(e) => setProject(e.currentTarget.value)}
          />
          <datalist id="project-names">
            {props.projects.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </label>
        <label>
          Issue
          <input name="issue" required value={issue} onInput={(e) => setIssue(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={status.busy}>
          Spawn
        </button>
      </div>
      <StatusLine status={status} />
    </form>
  );
}
