import { type RepoName, repoName as githubRepoName } from "@ao/github-client";
import type { ProjectRef } from "@ao/core";

export type { RepoName };

/** The project's `repo` as owner and name (the parsing both GitHub plugins share). */
export const repoName = (project: ProjectRef): RepoName => githubRepoName(project, "SCM");
