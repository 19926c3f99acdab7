import { AoError, type ProjectRef } from "@ao/core";

export interface RepoName {
  owner: string;
  repo: string;
  /** `owner/repo`, as events carry it. */
  fullName: string;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** The project's `repo` as owner and name; a URL or path is refused with what to write instead. */
export function repoName(project: ProjectRef): RepoName {
  const raw = project.repo.replace(/^https:\/\/github\.com\//, "").replace(/\.git$/, "");
  const m = NAME.exec(raw);
  if (!m)
    throw new AoError({
      code: "CONFIG_INVALID",
      message: `Project ${project.id}: repo "${project.repo}" is not a GitHub repository name.`,
      hint: 'Write repo: "owner/name" (e.g. "acme/app") for the github SCM.',
    });
  return { owner: m[1] as string, repo: m[2] as string, fullName: `${m[1]}/${m[2]}` };
}
