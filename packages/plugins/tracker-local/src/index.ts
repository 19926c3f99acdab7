import { isAbsolute, resolve } from "node:path";
import {
  branchNameFor,
  definePlugin,
  type Issue,
  type IssueFilter,
  type OptionInput,
  type OptionSpecs,
  type PluginHost,
  type ProjectRef,
} from "@ao/core";
import { appendComment } from "./comments.js";
import { loadAll, loadIssue, PLUGIN, updateIssue } from "./issues-dir.js";
import { issuePrompt } from "./prompt.js";

export { type NewIssue, writeIssue } from "./authoring.js";
export { type IssueListing, loadAll as readIssues } from "./issues-dir.js";

const OPTIONS = {
  dir: {
    type: "string",
    default: ".ao/issues",
    doc: "Folder of `<id>.md` issue files, relative to the project's path or absolute.",
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/tracker-local`. */
export type TrackerLocalOptions = OptionInput<typeof OPTIONS>;

/** The label ao puts on an issue while a session works on it. */
export const IN_PROGRESS = "in-progress";

/** Where a project's issues live under these options. */
export function issuesDir(project: Pick<ProjectRef, "path">, dir = ".ao/issues"): string {
  return isAbsolute(dir) ? dir : resolve(project.path, dir);
}

/**
 * `@ao/tracker-local`: one Markdown file per issue, `<dir>/<id>.md`, with YAML
 * front matter (`title`, `state`, `labels`, optional `assignee`, `session`)
 * and the description as the body.
 */
export default definePlugin({
  slot: "tracker",
  name: PLUGIN,
  options: OPTIONS,
  create(raw) {
    const dirOption = raw.dir;
    let host: PluginHost | undefined;
    const dirOf = (project: ProjectRef) => issuesDir(project, dirOption);
    const now = () => host?.now() ?? Date.now();
    const branchName = (issue: Issue) => branchNameFor(issue.id, issue.title);

    return {
      // Issue files carry an `assignee`; milestones they do not have.
      filters: ["labels", "state", "limit", "assignee"] as const,
      setup(h) {
        host = h;
      },
      async getIssue(project, id) {
        return (await loadIssue(dirOf(project), id)).issue;
      },
      async listIssues(project, filter: IssueFilter) {
        const { issues, problems } = await loadAll(dirOf(project));
        for (const problem of problems) host?.log.warn(problem.message, { code: problem.code });
        const state = filter.state ?? "open";
        const wanted = filter.labels ?? [];
        const matching = issues
          .filter((l) => filter.assignee === undefined || l.file.assignee === filter.assignee)
          .map((l) => l.issue)
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => wanted.every((label) => i.labels.includes(label)));
        return filter.limit === undefined ? matching : matching.slice(0, Math.max(0, filter.limit));
      },
      branchName,
      prompt(issue, project) {
        return issuePrompt(issue, project, branchName(issue));
      },
      async markInProgress(project, issue, sessionId) {
        await updateIssue(dirOf(project), issue.id, (file) => {
          if (!file.labels.includes(IN_PROGRESS)) file.doc.set("labels", [...file.labels, IN_PROGRESS]);
          file.doc.set("session", sessionId);
          return undefined;
        });
      },
      async markDone(project, issue) {
        await updateIssue(dirOf(project), issue.id, (file) => {
          file.doc.set("state", "closed");
          file.doc.set(
            "labels",
            file.labels.filter((l) => l !== IN_PROGRESS),
          );
          return undefined;
        });
      },
      async release(project, issue) {
        await updateIssue(dirOf(project), issue.id, (file) => {
          file.doc.set(
            "labels",
            file.labels.filter((l) => l !== IN_PROGRESS),
          );
          file.doc.delete("session");
          return undefined;
        });
      },
      async comment(project, issue, body) {
        await updateIssue(dirOf(project), issue.id, (file) => ({
          rest: appendComment(file.rest, body, now()),
        }));
      },
    };
  },
});
