import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type Logger,
  type OptionInput,
  type OptionSpecs,
  type ProjectRef,
  type ResourceOwner,
  type WorkspaceInfo,
  definePlugin,
  errors,
  homeIdFor,
  sameOwner,
} from "@ao/core";
import {
  branchMissing,
  describeUnsaved,
  git,
  GitError,
  gitMaybe,
  isInside,
  provision,
  provisioningOptions,
  readOwnerMarker,
  repoRelativePaths,
  uncommittedPaths,
  unsavedCommits,
  writeOwnerMarker,
} from "@ao/plugin-kit/git-workspace";
import { RepoGate } from "./repo-gate.js";

const NAME = "@ao/workspace-worktree";

const OPTIONS = {
  dir: {
    type: "string",
    doc: "Where the worktrees go, relative to the project's checkout or absolute (default `<AO_HOME>/worktrees/<project>`).",
  },
  ...provisioningOptions("worktree"),
} as const satisfies OptionSpecs;

/** Options of the worktree workspace. */
export type WorktreeWorkspaceOptions = OptionInput<typeof OPTIONS>;

export default definePlugin({
  slot: "workspace",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    const { dir, postCreate } = opts;
    const copy = repoRelativePaths(NAME, "copy", opts.copy);
    const links = repoRelativePaths(NAME, "symlink", opts.symlink);
    // What ao put there itself is not the agent's unsaved work.
    const provisioned = [...copy, ...links];
    const gate = new RepoGate();
    const remotes = new Map<string, Promise<boolean>>();
    let home: string | undefined;
    let log: Logger | undefined;

    const rootOf = (project: ProjectRef) =>
      dir !== undefined
        ? resolve(project.path, dir)
        : home !== undefined
          ? join(home, "worktrees", project.id)
          : join(project.dataDir, "worktrees");
    const hasRemote = (project: ProjectRef) => {
      let known = remotes.get(project.path);
      if (!known) {
        known = gitMaybe(project.path, ["config", "--get", "remote.origin.url"]).then((url) => url !== null);
        remotes.set(project.path, known);
      }
      return known;
    };
    const ownerOf = (project: ProjectRef, session: string): ResourceOwner => ({
      home: homeIdFor(home ?? project.dataDir),
      project: project.id,
      session,
    });
    const baseOf = async (project: ProjectRef) =>
      (await hasRemote(project))
        ? `refs/remotes/origin/${project.defaultBranch}`
        : `refs/heads/${project.defaultBranch}`;

    /** Prune stale worktrees and fetch the default branch; concurrent creates share one run. */
    const refresh = (project: ProjectRef) =>
      gate.shared(`refresh:${project.path}`, async () => {
        const fetch = (await hasRemote(project))
          ? git(project.path, [
              "fetch",
              "--quiet",
              "origin",
              `+refs/heads/${project.defaultBranch}:refs/remotes/origin/${project.defaultBranch}`,
            ]).catch((error: unknown) => {
              // Offline is no reason to stop: branch from the last fetched default branch.
              log?.warn(`${NAME}: fetching ${project.defaultBranch} failed; using the last fetched state`, {
                project: project.id,
                error: (error as Error).message,
              });
              return "";
            })
          : Promise.resolve("");
        await Promise.all([fetch, git(project.path, ["worktree", "prune"])]);
      });

    /** An existing branch (a claimed PR's): fetched from the remote, else the local one. */
    const fetchBranch = async (project: ProjectRef, branch: string): Promise<string> => {
      if (!(await hasRemote(project))) {
        const local = `refs/heads/${branch}`;
        if ((await gitMaybe(project.path, ["rev-parse", "--verify", "--quiet", local])) === null)
          throw branchMissing(NAME, branch, project.path);
        return local;
      }
      const tracking = `refs/remotes/origin/${branch}`;
      try {
        await git(project.path, ["fetch", "--quiet", "origin", `+refs/heads/${branch}:${tracking}`]);
      } catch (error) {
        throw Object.assign(branchMissing(NAME, branch, "origin"), { cause: error });
      }
      return tracking;
    };

    return {
      setup(host) {
        home = host.home;
        log = host.log;
      },

      async create(project, { sessionId, branch, existingBranch = false }) {
        const path = join(rootOf(project), sessionId.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^\.+/, "_"));
        const owner = ownerOf(project, sessionId);
        if (await isWorktree(path)) {
          const [current, index, marker] = await Promise.all([
            gitMaybe(path, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
            gitMaybe(path, ["rev-parse", "--path-format=absolute", "--git-path", "index"]),
            readOwnerMarker(path),
          ]);
          // Registered but never populated: the previous create was interrupted.
          const unpopulated = index !== null && !(await stat(index).catch(() => null));
          // Adopt only our own checkout: a path alone proves nothing (another AO_HOME, a hand-made worktree).
          if (current !== branch) {
            throw errors.workspaceConflict(
              path,
              `it is on ${current === null ? "a detached HEAD" : `branch ${current}`}, not ${branch}`,
            );
          }
          if (!sameOwner(marker, owner) && !(marker === null && unpopulated)) {
            throw errors.workspaceConflict(
              path,
              marker === null
                ? "it carries no ao owner marker"
                : `it belongs to session ${marker.session} of project ${marker.project} (AO_HOME id ${marker.home})`,
            );
          }
          if (unpopulated) {
            await writeOwnerMarker(path, owner);
            await git(path, ["reset", "--hard", "--quiet"]);
          }
          return { path, branch: current, data: { owner } };
        }
        await refresh(project);
        const base = existingBranch ? await fetchBranch(project, branch) : await baseOf(project);
        let createdBranch = true;
        // `worktree add` reads every other worktree's metadata, so concurrent adds can trip over
        // one being written: register worktrees one at a time (metadata only, cheap), then
        // populate the files, the costly part, in parallel.
        await gate.serial(`add:${project.path}`, async () => {
          try {
            await git(project.path, [
              "worktree",
              "add",
              "--quiet",
              "--no-checkout",
              "--no-track",
              "-b",
              branch,
              path,
              base,
            ]);
          } catch (error) {
            if (!(error instanceof GitError && /branch named .* already exists/.test(error.stderr)))
              throw error;
            // The branch outlived its worktree (a crash, a manual removal): keep its work.
            createdBranch = false;
            // A claimed PR's branch known here from before: catch up with the PR, unless it holds more.
            if (
              existingBranch &&
              (await gitMaybe(project.path, ["merge-base", "--is-ancestor", branch, base])) !== null
            )
              await git(project.path, ["branch", "--force", branch, base]);
            await git(project.path, ["worktree", "add", "--quiet", "--no-checkout", path, branch]);
          }
          // Stamped before it is populated, so a re-run after a crash recognises it as ours.
          await writeOwnerMarker(path, owner);
        });
        try {
          await git(path, ["reset", "--hard", "--quiet"]);
          await provision(NAME, project.path, path, { copy, symlink: links, postCreate });
        } catch (error) {
          await gitMaybe(project.path, ["worktree", "remove", "--force", path]);
          if (createdBranch) {
            await gate.serial(`refs:${project.path}`, () => gitMaybe(project.path, ["branch", "-D", branch]));
          }
          throw error;
        }
        return { path, branch, data: { base, owner } };
      },

      async destroy(project, workspace, { force = false } = {}) {
        if (resolve(workspace.path) === resolve(project.path)) {
          throw errors.usage(
            `${NAME}: refusing to remove the project's main checkout ${project.path}.`,
            "Only a session's own checkout is removed; check the session's workspace path in the journal.",
          );
        }
        const present = await isWorktree(workspace.path);
        const branchRef = `refs/heads/${workspace.branch}`;
        const branchExists =
          (await gitMaybe(project.path, ["rev-parse", "--verify", "--quiet", branchRef])) !== null;
        if (!force) {
          const savedOn = (await hasRemote(project)) ? null : `refs/heads/${project.defaultBranch}`;
          const revs = [...(present ? ["HEAD"] : []), ...(branchExists ? [branchRef] : [])];
          const [paths, commits] = await Promise.all([
            present ? uncommittedPaths(workspace.path, provisioned) : Promise.resolve([]),
            revs.length > 0
              ? unsavedCommits(present ? workspace.path : project.path, revs, savedOn)
              : Promise.resolve(0),
          ]);
          const detail = describeUnsaved(paths, commits, workspace.branch);
          if (detail) throw errors.unsavedWork(workspace.path, detail);
        }
        if (present) await git(project.path, ["worktree", "remove", "--force", "--force", workspace.path]);
        else await git(project.path, ["worktree", "prune"]);
        if (branchExists) {
          await gate.serial(`refs:${project.path}`, () =>
            git(project.path, ["branch", "-D", workspace.branch]),
          );
        }
      },

      exists: (_project, workspace) => isWorktree(workspace.path),

      async status(project, workspace) {
        const base = await baseOf(project);
        const [head, paths, changed] = await Promise.all([
          git(workspace.path, ["rev-parse", "HEAD"]),
          uncommittedPaths(workspace.path, provisioned),
          git(workspace.path, ["diff", "--name-only", `${base}...HEAD`]),
        ]);
        return { head, dirty: paths.length > 0, changedFiles: changed.split("\n").filter(Boolean) };
      },

      async list(project) {
        await git(project.path, ["worktree", "prune"]);
        const root = rootOf(project);
        const out = await git(project.path, ["worktree", "list", "--porcelain"]);
        const found: WorkspaceInfo[] = [];
        for (const block of out.split("\n\n")) {
          const path = /^worktree (.+)$/m.exec(block)?.[1];
          const branch = /^branch refs\/heads\/(.+)$/m.exec(block)?.[1];
          if (path && branch && isInside(root, path) && path !== root) found.push({ path, branch });
        }
        // The owner marker, when present, lets `ao cleanup` tell ao's checkouts from anyone else's.
        return Promise.all(
          found.map(async (info) => {
            const owner = await readOwnerMarker(info.path);
            return owner ? { ...info, data: { owner } } : info;
          }),
        );
      },
    };
  },
});

async function isWorktree(path: string): Promise<boolean> {
  const info = await stat(join(path, ".git")).catch(() => null);
  return info !== null;
}
