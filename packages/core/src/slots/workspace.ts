import type { PluginBase, ProjectRef } from "./common.js";
import type { WorkspaceAccess } from "./runtime.js";

export interface WorkspaceInfo {
  /** Absolute path of the checkout. */
  path: string;
  branch: string;
  data?: Record<string, unknown>;
}

export interface WorkspaceCreateOptions {
  sessionId: string;
  /** The branch to create for the session, from the fresh default branch. */
  branch: string;
  /**
   * The branch already exists on the remote (an open PR claimed with
   * `ao claim-pr`): fetch it and check out its remote head instead of
   * creating it from the default branch.
   */
  existingBranch?: boolean;
}

export interface WorkspaceStatus {
  /** HEAD of the workspace. */
  head: string;
  /** Uncommitted changes present. */
  dirty: boolean;
  /** Files changed on the branch relative to the default branch (for overlap warnings). */
  changedFiles: string[];
}

/** An isolated checkout per session. */
export interface WorkspacePlugin extends PluginBase<"workspace"> {
  /**
   * The runtimes' workspace access this plugin can serve (default `host` and
   * `mount`: a checkout on this machine's disk). A runtime whose access is
   * not listed is refused at config load.
   */
  readonly serves?: readonly WorkspaceAccess[];
  /**
   * Create the checkout on a new branch from the default branch (with
   * `existingBranch`, on the remote branch at its fetched head). Re-creating
   * an existing one returns it, but only when it is on the requested branch
   * and provably this session's (ao's owner marker); anything else at that
   * path is left alone and refused with WORKSPACE_CONFLICT.
   */
  create(project: ProjectRef, options: WorkspaceCreateOptions): Promise<WorkspaceInfo>;
  /**
   * Remove the checkout. Refuses with UNSAVED_WORK when it holds uncommitted
   * changes or commits that are not on the remote, unless `force`.
   */
  destroy(project: ProjectRef, workspace: WorkspaceInfo, options?: { force?: boolean }): Promise<void>;
  /** Whether the checkout still exists on disk. */
  exists(project: ProjectRef, workspace: WorkspaceInfo): Promise<boolean>;
  /** HEAD, dirtiness and changed files. */
  status(project: ProjectRef, workspace: WorkspaceInfo): Promise<WorkspaceStatus>;
  /**
   * Checkouts this plugin made for the project (crash recovery, orphan
   * cleanup); each carries `data.owner` when it has ao's owner marker, and
   * `ao cleanup` removes none without it.
   */
  list?(project: ProjectRef): Promise<WorkspaceInfo[]>;
}
