/**
 * @ao/plugin-kit/git-workspace: what git-based workspace plugins share at
 * run time (worktree and clone): provisioning a fresh checkout, detecting
 * unsaved work, path checks and a git runner. Imports nothing of vitest.
 */
export { branchMissing } from "./git-workspace/branch-missing.js";
export { GitError, git, gitEnv, gitMaybe } from "./git-workspace/git.js";
export { OWNER_MARKER, readOwnerMarker, writeOwnerMarker } from "./git-workspace/owner-marker.js";
export { isInside, repoRelativePaths } from "./git-workspace/paths.js";
export { type Provisioning, provision, provisioningOptions } from "./git-workspace/provision.js";
export { describeUnsaved, uncommittedPaths, unsavedCommits } from "./git-workspace/unsaved-work.js";
