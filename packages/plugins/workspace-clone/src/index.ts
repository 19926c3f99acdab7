import { readdir, rm, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import {
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
  gitMaybe,
  provision,
  provisioningOptions,
  readOwnerMarker,
  repoRelativePaths,
  uncommittedPaths,
  unsavedCommits,
  writeOwnerMarker,
} from "@ao/plugin-kit/git-workspace";

const NAME = "@ao/workspace-clone";

const OPTIONS = {
  dir: {
    type: "string",
    doc: "Where the clones go, relative to the project's checkout or absolute (default `<AO_HOME>/clones/<project>`).",
  },
  dissociate: {
    type: "boolean",
    default: false,
    doc: "Copy the borrowed objects into each clone (`git clone --dissociate`): more disk, no dependence on the main checkout.",
  },
  ...provisioningOptions("clone"),
} as const satisfies OptionSpecs;

/** Options of the clone workspace. */
export type CloneWorkspaceOptions = OptionInput<typeof OPTIONS>;

export default definePlugin({
  slot: "workspace",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    const { dir, dissociate, postCreate } = opts;
    const copy = repoRelativePaths(NAME, "copy", opts.copy);
    const links = repoRelativePaths(NAME, "symlink", opts.symlink);
    const provisioned = [...copy, ...links];
    let home: string | undefined;

    const rootOf = (project: ProjectRef) =>
      dir !== undefined
        ? resolve(project.path, dir)
        : home !== undefined
          ? join(home, "clones", project.id)
          : join(project.dataDir, "clones");
    const ownerOf = (project: ProjectRef, session: string): ResourceOwner => ({
      home: homeIdFor(home ?? project.dataDir),
      project: project.id,
      session,
    });
    /** Clone from the project's remote when it has one, so pushes go straight there. */
    const sourceOf = async (project: ProjectRef) => {
      const url = await gitMaybe(project.path, ["config", "--get", "remote.origin.url"]);
      if (url === null) return project.path;
      // A relative local remote means relative to the main checkout, not to our cwd.
      return /^[./]/.test(url) && !isAbsolute(url) ? resolve(project.path, url) : url;
    };

    return {
      setup(host) {
        home = host.home;
      },

      async create(project, { sessionId, branch, existingBranch = false }) {
        const path = join(rootOf(project), sessionId.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^\.+/, "_"));
        const owner = ownerOf(project, sessionId);
        if (await isClone(path)) {
          const [current, marker] = await Promise.all([
            gitMaybe(path, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
            readOwnerMarker(path),
          ]);
          // Adopt only our own clone: a path alone proves nothing.
          if (current !== branch) {
            throw errors.workspaceConflict(
              path,
              `it is on ${current === null ? "a detached HEAD" : `branch ${current}`}, not ${branch}`,
            );
          }
          if (!sameOwner(marker, owner)) {
            throw errors.workspaceConflict(
              path,
              marker === null
                ? "it carries no ao owner marker"
                : `it belongs to session ${marker.session} of project ${marker.project} (AO_HOME id ${marker.home})`,
            );
          }
          return { path, branch: current, data: { owner } };
        }
        const source = await sourceOf(project);
        await rm(path, { recursive: true, force: true });
        try {
          await git(project.path, [
            "clone",
            "--quiet",
            "--no-checkout",
            "--reference",
            project.path,
            ...(dissociate ? ["--dissociate"] : []),
            source,
            path,
          ]);
          // A branch already on the remote (a crashed session's pushed work) is continued, not restarted.
          const pushed = `refs/remotes/origin/${branch}`;
          const onRemote = (await gitMaybe(path, ["rev-parse", "--verify", "--quiet", pushed])) !== null;
          if (existingBranch && !onRemote) throw branchMissing(NAME, branch, source);
          const base = onRemote ? pushed : `refs/remotes/origin/${project.defaultBranch}`;
          await git(path, ["checkout", "--quiet", "--no-track", "-b", branch, base]);
          await writeOwnerMarker(path, owner);
          await provision(NAME, project.path, path, { copy, symlink: links, postCreate });
        } catch (error) {
          await rm(path, { recursive: true, force: true });
          throw error;
        }
        return { path, branch, data: { source, owner } };
      },

      async destroy(project, workspace, { force = false } = {}) {
        if (resolve(workspace.path) === resolve(project.path)) {
          throw errors.usage(
            `${NAME}: refusing to remove the project's main checkout ${project.path}.`,
            "Only a session's own checkout is removed; check the session's workspace path in the journal.",
          );
        }
        if (!(await isClone(workspace.path))) return;
        if (!force) {
          const [paths, commits] = await Promise.all([
            uncommittedPaths(workspace.path, provisioned),
            unsavedCommits(workspace.path, ["--branches", "HEAD"], null),
          ]);
          const detail = describeUnsaved(paths, commits, workspace.branch);
          if (detail) throw errors.unsavedWork(workspace.path, detail);
        }
        await rm(workspace.path, { recursive: true, force: true });
      },

      exists: (_project, workspace) => isClone(workspace.path),

      async status(project, workspace) {
        const [head, paths, changed] = await Promise.all([
          git(workspace.path, ["rev-parse", "HEAD"]),
          uncommittedPaths(workspace.path, provisioned),
          git(workspace.path, ["diff", "--name-only", `refs/remotes/origin/${project.defaultBranch}...HEAD`]),
        ]);
        return { head, dirty: paths.length > 0, changedFiles: changed.split("\n").filter(Boolean) };
      },

      async list(project) {
        const root = rootOf(project);
        const names = await readdir(root).catch(() => [] as string[]);
        const found = await Promise.all(
          names.map(async (name): Promise<WorkspaceInfo | null> => {
            const path = join(root, name);
            if (!(await isClone(path))) return null;
            const [branch, owner] = await Promise.all([
              gitMaybe(path, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
              readOwnerMarker(path),
            ]);
            if (branch === null) return null;
            return owner ? { path, branch, data: { owner } } : { path, branch };
          }),
        );
        return found.filter((w): w is WorkspaceInfo => w !== null);
      },
    };
  },
});

async function isClone(path: string): Promise<boolean> {
  const info = await stat(join(path, ".git")).catch(() => null);
  return info?.isDirectory() ?? false;
}
