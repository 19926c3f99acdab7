import type { GitHubClient } from "@ao/github-client";
import type { RepoName } from "./repo-name.js";

const TTL_MS = 10 * 60_000;

/** Whether a login is a bot: GitHub Apps act as `<slug>[bot]`; the config may name more. */
export function isBot(login: string, bots: readonly string[]): boolean {
  return login.endsWith("[bot]") || bots.includes(login);
}

/**
 * Who may steer an agent: users with write access to the repository (the
 * collaborators permission endpoint reports the highest grant across repo,
 * team, org and enterprise; `author_association` does not), plus the
 * configured allow-list. Answers are cached per repository and login.
 */
export class TrustCache {
  private readonly cache = new Map<string, { trusted: boolean; at: number }>();

  constructor(
    private readonly allow: readonly string[],
    private readonly now: () => number,
  ) {}

  /** Trust of every login, asking GitHub only for logins not in the cache. */
  async resolve(
    gh: GitHubClient,
    repo: RepoName,
    logins: Iterable<string>,
  ): Promise<(login: string) => boolean> {
    const unique = [...new Set(logins)];
    await Promise.all(unique.map((login) => this.trusted(gh, repo, login)));
    return (login) => this.allow.includes(login) || this.cache.get(this.key(repo, login))?.trusted === true;
  }

  private key(repo: RepoName, login: string): string {
    return `${repo.fullName.toLowerCase()}\n${login.toLowerCase()}`;
  }

  private async trusted(gh: GitHubClient, repo: RepoName, login: string): Promise<boolean> {
    if (this.allow.includes(login)) return true;
    const key = this.key(repo, login);
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.trusted;
    let trusted = false;
    try {
      const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({
        owner: repo.owner,
        repo: repo.repo,
        username: login,
      });
      trusted = data.permission === "admin" || data.permission === "write" || data.permission === "maintain";
    } catch (error) {
      // 404 (not a collaborator) and 403 (the token may not read permissions) both mean "not known to be trusted".
      const status = (error as { status?: number }).status;
      if (status !== 404 && status !== 403) throw error;
    }
    this.cache.set(key, { trusted, at: this.now() });
    return trusted;
  }
}
