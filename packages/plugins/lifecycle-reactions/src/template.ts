import type { SessionSnapshot } from "@ao/core";

/** The values a `message` template may name, e.g. "Fix CI on {branch} (attempt {attempt})". */
export interface TemplateValues {
  session: string;
  issue: string;
  pr: string;
  prUrl: string;
  attempt: string;
  retries: string;
  branch: string;
  defaultBranch: string;
  reaction: string;
}

export function templateValues(
  session: SessionSnapshot,
  extra: { attempt: number; defaultBranch: string; reaction: string; retries?: number },
): TemplateValues {
  return {
    session: session.id,
    issue: session.issue ?? "",
    pr: session.facts.pr ? `#${session.facts.pr.number}` : "(no PR yet)",
    prUrl: session.facts.pr?.url ?? "",
    attempt: String(extra.attempt),
    retries: extra.retries === undefined ? "unlimited" : String(extra.retries),
    branch: session.branch,
    defaultBranch: extra.defaultBranch,
    reaction: extra.reaction,
  };
}

/** Fill `{name}` placeholders; unknown names are left as written so a typo is visible, not silent. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof TemplateValues] : whole,
  );
}
