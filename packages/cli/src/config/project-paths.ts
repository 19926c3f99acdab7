import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { promisify } from "node:util";
import { AoError } from "@ao/core";
import type { ResolvedConfig, ResolvedProject } from "./normalize.js";

const exec = promisify(execFile);

/** What is wrong with a project's `path`, as a config error; null when it is a git checkout. */
export async function projectPathProblem(project: ResolvedProject): Promise<AoError | null> {
  const key = `projects.${project.id}.path`;
  let isDir = false;
  try {
    isDir = statSync(project.path).isDirectory();
  } catch {
    // missing
  }
  if (!isDir) {
    return new AoError({
      code: "PROJECT_PATH_MISSING",
      message: `${key}: ${project.path} does not exist (or is not a directory).`,
      hint: `Set ${key} to the project's git checkout, or clone it there: git clone <url> ${project.path}`,
    });
  }
  try {
    await exec("git", ["rev-parse", "--show-toplevel"], { cwd: project.path, timeout: 10_000 });
    return null;
  } catch {
    return new AoError({
      code: "PROJECT_NOT_A_REPO",
      message: `${key}: ${project.path} is not a git repository.`,
      hint: `Set ${key} to the project's git checkout, or run \`git init\` there.`,
    });
  }
}

/** Refuse to act on a config whose project paths are not git checkouts (every problem at once). */
export async function assertProjectPaths(config: ResolvedConfig, only?: string): Promise<void> {
  const projects = config.projects.filter((p) => only === undefined || p.id === only);
  const problems = (await Promise.all(projects.map(projectPathProblem))).filter(
    (p): p is AoError => p !== null,
  );
  if (problems.length === 0) return;
  if (problems.length === 1) throw problems[0];
  throw new AoError({
    code: "PROJECT_PATHS_INVALID",
    message: problems.map((p) => p.message).join("\n"),
    hint: problems.map((p) => p.hint).join("\n"),
  });
}
