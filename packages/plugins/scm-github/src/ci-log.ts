import type { GitHubClient } from "@ao/github-client";
import type { RepoName } from "./repo-name.js";

const FAILED = new Set(["FAILURE", "TIMED_OUT", "CANCELLED", "ACTION_REQUIRED", "STARTUP_FAILURE", "ERROR"]);
const DEFAULT_MAX_BYTES = 16 * 1024;

/** The last `maxBytes` of a text, cut at a line start when one is near. */
export function tail(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= maxBytes) return text;
  const cut = buf.subarray(buf.length - maxBytes).toString("utf8");
  const nl = cut.indexOf("\n");
  return nl >= 0 && nl < 200 ? cut.slice(nl + 1) : cut;
}

interface Context {
  __typename: "CheckRun" | "StatusContext";
  databaseId?: number;
  name?: string;
  conclusion?: string | null;
  detailsUrl?: string | null;
  title?: string | null;
  summary?: string | null;
  checkSuite?: { app: { slug: string } | null } | null;
  context?: string;
  state?: string;
  description?: string | null;
  targetUrl?: string | null;
}

const QUERY = `query AoFailingChecks($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      commits(last: 1) { nodes { commit { statusCheckRollup { contexts(first: 100) { nodes {
        __typename
        ... on CheckRun { databaseId name conclusion detailsUrl title summary checkSuite { app { slug } } }
        ... on StatusContext { context state description targetUrl }
      } } } } } }
    }
  }
}`;

type Answer = {
  repository: {
    pullRequest: {
      commits: {
        nodes: Array<{
          commit: { statusCheckRollup: { contexts: { nodes: Array<Context | null> } } | null };
        } | null>;
      };
    } | null;
  } | null;
};

async function actionsLog(gh: GitHubClient, repo: RepoName, jobId: number): Promise<string | null> {
  try {
    // The Actions job id is the check run id; the endpoint redirects to a plain-text log, which fetch follows.
    const res = await gh.rest.actions.downloadJobLogsForWorkflowRun({
      owner: repo.owner,
      repo: repo.repo,
      job_id: jobId,
    });
    const data = res.data as unknown;
    if (typeof data === "string") return data;
    if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
    return null;
  } catch {
    return null;
  }
}

function unavailable(
  name: string,
  state: string,
  why: string,
  url: string | null | undefined,
  about: string,
): string {
  return `== ${name} (${state.toLowerCase()}) ==\nlogs unavailable: ${why}${url ? ` (see ${url})` : ""}${about ? `\n${about}` : ""}`;
}

/**
 * The failing checks of a PR's head (one GraphQL query), with the tail of
 * each GitHub Actions job's log. A third-party check or a commit status has
 * no log ao can read: its title, summary and link are given instead, saying so.
 */
export async function failureLog(
  gh: GitHubClient,
  repo: RepoName,
  number: number,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<string> {
  const answer = await gh.graphql<Answer>(QUERY, { owner: repo.owner, name: repo.repo, number });
  const contexts =
    answer.repository?.pullRequest?.commits.nodes[0]?.commit.statusCheckRollup?.contexts.nodes ?? [];
  const parts: string[] = [];
  for (const c of contexts) {
    if (!c) continue;
    if (c.__typename === "CheckRun" && c.conclusion && FAILED.has(c.conclusion)) {
      const name = c.name ?? "check";
      const actions = c.checkSuite?.app?.slug === "github-actions";
      const log = actions && c.databaseId ? await actionsLog(gh, repo, c.databaseId) : null;
      const about = [c.title, c.summary].filter(Boolean).join("\n");
      if (log !== null) parts.push(`== ${name} (${c.conclusion.toLowerCase()}) ==\n${log}`);
      else
        parts.push(
          unavailable(
            name,
            c.conclusion,
            actions ? "GitHub did not return the job's log" : "a third-party check",
            c.detailsUrl,
            about,
          ),
        );
    } else if (c.__typename === "StatusContext" && c.state && FAILED.has(c.state)) {
      parts.push(
        unavailable(c.context ?? "status", c.state, "a commit status", c.targetUrl, c.description ?? ""),
      );
    }
  }
  return parts.length === 0 ? "" : tail(parts.join("\n\n"), maxBytes);
}
