import { AoError } from "@ao/core";

/** `existingBranch` asked for a branch the remote does not have (a PR's branch deleted, a typo). */
export function branchMissing(plugin: string, branch: string, remote: string): AoError {
  return new AoError({
    code: "BRANCH_NOT_ON_REMOTE",
    message: `${plugin}: the branch ${branch} is not on the remote ${remote}, so there is nothing to check out.`,
    hint: "Check that the PR's branch still exists (it may have been deleted after a merge or close).",
    plugin,
  });
}
