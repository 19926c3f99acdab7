import type { GitHubClient } from "@ao/github-client";
import type { RepoName } from "./repo-name.js";

const FAILED = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure"]);
const DEFAULT_MAX_BYTES = 16 * 1024;

/** The last `maxBytes` of a text, cut at a line start when one is near. */
export function tail(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= maxBytes) return text;
  const cut = buf.subarray(buf.length - maxBytes).toString("utf8");
  const nl = cut.indexOf("\n");
  return nl >= 0 && nl < 200 ? cut.slice(nl + 1) : cut;
}

interface CheckRunLite {
  id: number;
  name: string;
  conclusion: string | null;
  details_url?: string | null;
  app?: { slug?: string } | null;
  output?: { title?: string | null; summary?: string | null } | null;
}

async function actionsLog(gh: GitHubClient, repo: RepoName, run: CheckRunLite): Promise<string | null> {
  try {
    // The Actions job id is the check run id; the endpoint redirects to a plain-text log, which fetch follows.
    const res = await gh.rest.actions.downloadJobLogsForWorkflowRun({
      owner: repo.owner,
      repo: repo.repo,
      job_id: run.id,
    });
    const data = res.data as unknown;
    if (typeof data === "string") return data;
    if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
    return null;
  } catch {
    return null;
  }
}

/**
 * The failing checks of a head, with the tail of each Actions job's log. A
 * third-party check (or a commit status) has no log ao can read: its title,
 * summary and link are given instead, saying so.
 */
export async function failureLog(
  gh: GitHubClient,
  repo: RepoName,
  sha: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<string> {
  const runs = (await gh.paginate(gh.rest.checks.listForRef, {
    owner: repo.owner,
    repo: repo.repo,
    ref: sha,
    per_page: 100,
  })) as CheckRunLite[];
  const parts: string[] = [];
  for (const run of runs.filter((r) => r.conclusion && FAILED.has(r.conclusion))) {
    const log = run.app?.slug === "github-actions" ? await actionsLog(gh, repo, run) : null;
    if (log !== null) {
      parts.push(`== ${run.name} (${run.conclusion}) ==\n${log}`);
      continue;
    }
    const about = [run.output?.title, run.output?.summary].filter(Boolean).join("\n");
    parts.push(
      `== ${run.name} (${run.conclusion}) ==\nlogs unavailable: ${run.app?.slug === "github-actions" ? "GitHub did not return the job's log" : "a third-party check"}${run.details_url ? ` (see ${run.details_url})` : ""}${about ? `\n${about}` : ""}`,
    );
  }
  const combined = await gh.rest.repos.getCombinedStatusForRef({
    owner: repo.owner,
    repo: repo.repo,
    ref: sha,
  });
  for (const st of combined.data.statuses.filter((s) => s.state === "failure" || s.state === "error")) {
    parts.push(
      `== ${st.context} (${st.state}) ==\nlogs unavailable: a commit status${st.target_url ? ` (see ${st.target_url})` : ""}${st.description ? `\n${st.description}` : ""}`,
    );
  }
  if (parts.length === 0) return "";
  return tail(parts.join("\n\n"), maxBytes);
}
