import type { IssueFilter, TrackerPlugin } from "@ao/core";
import type { IntakeSettings } from "@ao/engine";

/** What a tracker applies when it does not say: the filters every tracker has always had. */
const BASE_FILTERS: readonly (keyof IssueFilter)[] = ["labels", "state", "limit"];

/**
 * Config problems for intake filters the project's tracker cannot apply, each
 * naming the key, the filter and the tracker: an unapplied filter would spawn
 * sessions for issues the user meant to leave alone.
 */
export function unsupportedIntakeFilters(
  projectId: string,
  intake: IntakeSettings,
  tracker: Pick<TrackerPlugin, "name" | "filters">,
): string[] {
  const supported = tracker.filters ?? BASE_FILTERS;
  const problems: string[] = [];
  for (const key of ["assignee", "milestone"] as const) {
    if (intake[key] === undefined || supported.includes(key)) continue;
    problems.push(
      `projects.${projectId}.intake.${key}: the tracker ${tracker.name} cannot filter issues by ${key} — ` +
        `remove it, or use a tracker that can (it applies: ${supported.join(", ")})`,
    );
  }
  return problems;
}
