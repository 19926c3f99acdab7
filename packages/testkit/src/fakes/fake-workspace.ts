import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AoError, errors, homeIdFor, type ResourceOwner, type WorkspaceInfo } from "@ao/core";
import { defineFake } from "./define-fake.js";
import { fakeState } from "./state-file.js";

export interface FakeWorkspaceOptions {
  stateFile?: string;
  /**
   * Where the (empty, real) workspace directories are made, so runtimes and
   * prompt files have somewhere to live. Default: a new temp dir per instance,
   * or `<stateFile>.workspaces` when a state file is given.
   */
  root?: string;
}

interface WorkspaceRecord {
  project: string;
  sessionId: string;
  /** The owner marker, like the git workspaces' (absent on records a test wrote by hand). */
  owner?: ResourceOwner;
  branch: string;
  head: string;
  dirty: boolean;
  unpushed: boolean;
  changedFiles: string[];
}

export interface FakeWorkspaceControl {
  /** The directory workspaces are made in. */
  readonly root: string;
  /** Move HEAD, as if the agent committed (marks the work unpushed until `setUnpushed(path, false)`). */
  setHead(path: string, sha: string, options?: { unpushed?: boolean }): void;
  /** The HEAD the fake reports, or null for an unknown path. */
  headOf(path: string): string | null;
  setChangedFiles(path: string, files: string[]): void;
  /** Uncommitted changes present or not. */
  setDirty(path: string, dirty: boolean): void;
  /** Commits that are not on the remote present or not. */
  setUnpushed(path: string, unpushed: boolean): void;
  /** Delete the checkout behind the plugin's back (as a crash or a human would). */
  remove(path: string): void;
  /** Paths of the workspaces that exist. */
  paths(): string[];
  /** Put a branch on the fake remote (as a PR someone opened), for `create` with `existingBranch`. */
  pushBranch(branch: string, sha: string): void;
}

const fakeSha = (seed: string) => createHash("sha1").update(seed).digest("hex");

/** Workspaces as empty real directories whose git facts are whatever the test says. */
export const fakeWorkspace = defineFake<"workspace", FakeWorkspaceOptions, FakeWorkspaceControl>(
  "workspace",
  "@ao/testkit/fake-workspace",
  (options) => {
    let root = options.root ?? (options.stateFile ? `${options.stateFile}.workspaces` : undefined);
    const rootDir = () => {
      root ??= mkdtempSync(join(tmpdir(), "ao-fake-ws-"));
      return root;
    };
    const state = fakeState(options.stateFile, () => ({
      workspaces: {} as Record<string, WorkspaceRecord>,
      /** Branches on the fake remote, with their heads. */
      remote: {} as Record<string, string>,
    }));
    const change = (path: string, mutate: (w: WorkspaceRecord) => void) =>
      state.update((s) => {
        const w = s.workspaces[path];
        if (!w) throw new Error(`fake-workspace: no workspace at ${path}`);
        mutate(w);
      });
    const info = (path: string, w: WorkspaceRecord): WorkspaceInfo =>
      w.owner ? { path, branch: w.branch, data: { owner: w.owner } } : { path, branch: w.branch };
    let home: string | undefined;
    return {
      setup(host) {
        home = homeIdFor(host.home);
      },
      async create(project, o) {
        const path = join(rootDir(), project.id, o.sessionId);
        mkdirSync(path, { recursive: true });
        return state.update((s) => {
          const existing = s.workspaces[path];
          if (existing && (existing.branch !== o.branch || existing.sessionId !== o.sessionId))
            throw errors.workspaceConflict(path, `it is on branch ${existing.branch}, not ${o.branch}`);
          if (existing) return info(path, existing);
          const pushed = s.remote?.[o.branch];
          if (o.existingBranch && pushed === undefined)
            throw new AoError({
              code: "BRANCH_NOT_ON_REMOTE",
              message: `fake-workspace: the branch ${o.branch} is not on the remote.`,
              hint: "Put it there first with control.pushBranch(branch, sha).",
            });
          const w: WorkspaceRecord = {
            project: project.id,
            sessionId: o.sessionId,
            owner: { home: home ?? homeIdFor(project.dataDir), project: project.id, session: o.sessionId },
            branch: o.branch,
            head: o.existingBranch && pushed ? pushed : fakeSha(`${project.id}:${project.defaultBranch}`),
            dirty: false,
            unpushed: false,
            changedFiles: [],
          };
          s.workspaces[path] = w;
          return info(path, w);
        });
      },
      async destroy(_project, workspace, o) {
        const w = state.read().workspaces[workspace.path];
        if (!w) return;
        if (!o?.force && (w.dirty || w.unpushed)) {
          throw errors.unsavedWork(
            workspace.path,
            w.dirty ? "it has uncommitted changes" : "it has commits that are not on the remote",
          );
        }
        rmSync(workspace.path, { recursive: true, force: true });
        state.update((s) => {
          delete s.workspaces[workspace.path];
        });
      },
      async exists(_project, workspace) {
        return workspace.path in state.read().workspaces && existsSync(workspace.path);
      },
      async status(_project, workspace) {
        const w = state.read().workspaces[workspace.path];
        if (!w) throw new Error(`fake-workspace: no workspace at ${workspace.path}`);
        return { head: w.head, dirty: w.dirty, changedFiles: [...w.changedFiles] };
      },
      async list(project) {
        return Object.entries(state.read().workspaces)
          .filter(([, w]) => w.project === project.id)
          .map(([path, w]) => info(path, w));
      },
      control: {
        get root() {
          return rootDir();
        },
        setHead: (path, sha, o) =>
          change(path, (w) => {
            w.head = sha;
            w.unpushed = o?.unpushed ?? true;
          }),
        headOf: (path) => state.read().workspaces[path]?.head ?? null,
        setChangedFiles: (path, files) =>
          change(path, (w) => {
            w.changedFiles = [...files];
          }),
        setDirty: (path, dirty) =>
          change(path, (w) => {
            w.dirty = dirty;
          }),
        setUnpushed: (path, unpushed) =>
          change(path, (w) => {
            w.unpushed = unpushed;
          }),
        remove(path) {
          rmSync(path, { recursive: true, force: true });
          state.update((s) => {
            delete s.workspaces[path];
          });
        },
        paths: () => Object.keys(state.read().workspaces),
        pushBranch: (branch, sha) =>
          state.update((s) => {
            s.remote = { ...s.remote, [branch]: sha };
          }),
      },
    };
  },
);
