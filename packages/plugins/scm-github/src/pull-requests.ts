import type { PullRequest } from "@ao/core";

/** The slice of REST's pull request object ao reads. */
export interface RestPull {
  number: number;
  html_url: string;
  title: string;
  state: string;
  merged_at?: string | null;
  merged?: boolean;
  draft?: boolean;
  node_id?: string;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  base: { ref: string };
}

/** A REST pull request as ao's PullRequest. */
export function pullOf(p: RestPull): PullRequest {
  return {
    number: p.number,
    url: p.html_url,
    branch: p.head.ref,
    title: p.title,
    headSha: p.head.sha,
    state: p.merged_at || p.merged ? "merged" : p.state === "open" ? "open" : "closed",
  };
}
