import { AoError, type Issue } from "@ao/core";
import type { GitHubClient } from "@ao/github-client";
import { fetchIssue, issueNumber, statusOf } from "./issues.js";
import { PLUGIN, type TrackerSettings } from "./options.js";
import type { RepoName } from "./repo-name.js";

/** What ao tells GitHub about an issue it works on: the progress label and/or assignee, comments, closing. */
export class IssueMarks {
  private login: Promise<string> | undefined;

  constructor(
    private readonly settings: TrackerSettings,
    private readonly client: () => Promise<GitHubClient>,
  ) {}

  /** The login to assign: the option, else the token's user (read once). */
  private assignee(gh: GitHubClient): Promise<string> {
    if (this.settings.assignee) return Promise.resolve(this.settings.assignee);
    this.login ??= gh.rest.users.getAuthenticated().then(
      ({ data }) => data.login,
      (cause) => {
        this.login = undefined;
        throw new AoError({
          code: "PLUGIN_OPTION_INVALID",
          message: `${PLUGIN}: cannot tell whom to assign issues to: the credential has no user of its own (HTTP ${statusOf(cause) ?? "error"}).`,
          hint: 'Set the `assignee` option (e.g. "ao-bot"), or use inProgress: "label".',
          cause,
        });
      },
    );
    return this.login;
  }

  private number(issue: Issue): number {
    const n = issueNumber(issue.id);
    if (n === null)
      throw new AoError({
        code: "ISSUE_NOT_FOUND",
        message: `${PLUGIN}: "${issue.id}" is not an issue number.`,
        hint: "GitHub issues are named by their number, e.g. 42.",
      });
    return n;
  }

  async markInProgress(repo: RepoName, issue: Issue): Promise<void> {
    const gh = await this.client();
    const at = { owner: repo.owner, repo: repo.repo, issue_number: this.number(issue) };
    if (this.settings.markLabel) await gh.rest.issues.addLabels({ ...at, labels: [this.settings.markLabel] });
    if (this.settings.markAssignee)
      await gh.rest.issues.addAssignees({ ...at, assignees: [await this.assignee(gh)] });
  }

  /** Remove the marks; a mark already gone (a human removed it) is fine. */
  async release(repo: RepoName, issue: Issue): Promise<void> {
    const gh = await this.client();
    const at = { owner: repo.owner, repo: repo.repo, issue_number: this.number(issue) };
    if (this.settings.markLabel) {
      await gh.rest.issues.removeLabel({ ...at, name: this.settings.markLabel }).catch((error) => {
        if (statusOf(error) !== 404) throw error;
      });
    }
    if (this.settings.markAssignee)
      await gh.rest.issues.removeAssignees({ ...at, assignees: [await this.assignee(gh)] });
  }

  /**
   * The PR's closing keyword (`Closes #N`, the SCM's job) normally closes the
   * issue on merge; this closes it when it is still open (the PR targeted
   * another branch, or the keyword was edited out), and removes the marks.
   */
  async markDone(repo: RepoName, issue: Issue): Promise<void> {
    const gh = await this.client();
    const current = await fetchIssue(gh, repo, issue.id);
    if (current.state !== "closed") {
      await gh.rest.issues.update({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: current.number,
        state: "closed",
        state_reason: "completed",
      });
    }
    await this.release(repo, issue);
  }

  async comment(repo: RepoName, issue: Issue, body: string): Promise<void> {
    const gh = await this.client();
    await gh.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.repo,
      issue_number: this.number(issue),
      body,
    });
  }
}
