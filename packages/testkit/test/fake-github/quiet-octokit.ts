import { Octokit } from "@octokit/rest";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The unmodified Octokit pointed at the fake, without its request-failure console noise. */
export function octokitFor(url: string, auth?: string): Octokit {
  return new Octokit({ baseUrl: url, log: silent, ...(auth === undefined ? {} : { auth }) });
}
