import { AoError } from "@ao/core";

/** The GitHub errors ao raises; each says what happened and what to do. */
export const githubErrors = {
  rateLimited: (resource: string, resetAt: number, why: string) =>
    new AoError({
      code: "GITHUB_RATE_LIMITED",
      message: `GitHub's ${resource} rate limit is exhausted (${why}); requests resume at ${new Date(resetAt).toISOString()}.`,
      hint: "Nothing is lost: ao retries after the reset. Turn on webhooks or lengthen the poll interval to spend fewer requests.",
    }),
  noToken: (envName: string) =>
    new AoError({
      code: "GITHUB_AUTH_MISSING",
      message: `No GitHub token: the environment variable ${envName} is not set and \`gh auth token\` gave none.`,
      hint: `Export ${envName} (a token with repo access), run \`gh auth login\`, or configure a GitHub App.`,
    }),
  appKeyUnreadable: (file: string, cause: unknown) =>
    new AoError({
      code: "GITHUB_AUTH_MISSING",
      message: `The GitHub App private key file ${file} could not be read.`,
      hint: "Point privateKeyFile at the .pem file downloaded from the App's settings page.",
      cause,
    }),
  webhookSignature: () =>
    new AoError({
      code: "WEBHOOK_SIGNATURE_INVALID",
      message: "The webhook delivery's X-Hub-Signature-256 does not match its body.",
      hint: "Set the same secret in the repository's webhook settings and in ao's config (webhookSecretEnv).",
    }),
  webhookTooLarge: (bytes: number, max: number) =>
    new AoError({
      code: "WEBHOOK_TOO_LARGE",
      message: `The webhook delivery is ${bytes} bytes, over the ${max}-byte cap.`,
      hint: "Deliveries this large are refused; ao catches up on the next resync poll.",
    }),
  webhookMalformed: (problem: string) =>
    new AoError({
      code: "WEBHOOK_MALFORMED",
      message: `The webhook delivery is malformed: ${problem}.`,
      hint: "Send GitHub's JSON deliveries (content type application/json) with their X-GitHub-* headers.",
    }),
};
