export type { GitHubAuth } from "./auth.js";
export { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "./client.js";
export { githubErrors } from "./errors.js";
export { RateBudget, type RateBudgetEntry, stretch } from "./rate-budget.js";
export { limitWait } from "./request-policy.js";
export { tokenKey } from "./token-key.js";
export { type VerifiedDelivery, type VerifyOptions, verifyDelivery } from "./webhook-verify.js";
export { GraphqlResponseError } from "@octokit/graphql";
export { RequestError } from "@octokit/request-error";
export {
  type AuthOptionValues,
  authFromOptions,
  authOptions,
  type RepoName,
  repoName,
} from "./project-options.js";
