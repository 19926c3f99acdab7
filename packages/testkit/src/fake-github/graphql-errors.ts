/** A GraphQL execution error carrying GitHub's top-level `type` (NOT_FOUND, UNPROCESSABLE, ...). */
export class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFoundNode = (message: string): GitHubGraphqlError =>
  new GitHubGraphqlError("NOT_FOUND", message);
