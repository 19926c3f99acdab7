import { definePlugin } from "@ao/core";
import { OPTIONS, PLUGIN, parseOptions } from "./options.js";
import { LocalScm } from "./scm.js";

export type { ScmLocalOptions } from "./options.js";
export type { CommentInput, ReviewInput } from "./reviews.js";
export type { LocalMergeOptions } from "./scm.js";
export { type LocalScmState, localScmState } from "./state-api.js";
export type { CiRun, PrRecord, StoredComment, StoredReview } from "./store.js";

/**
 * `@ao/scm-local`: a bare repository as the remote; PRs, reviews, comments
 * and CI runs stored as JSON under the project's dataDir.
 */
export default definePlugin({
  slot: "scm",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const scm = new LocalScm(parseOptions(options));
    return {
      setup: (host) => scm.setup(host),
      dispose: () => scm.dispose(),
      push: (project, workspace) => scm.push(project, workspace),
      remoteHead: (project, branch) => scm.remoteHead(project, branch),
      openPR: (project, opts) => scm.openPR(project, opts),
      findPR: (project, branch) => scm.findPR(project, branch),
      getPR: (project, number) => scm.getPR(project, number),
      reopenPR: (project, number) => scm.reopenPR(project, number),
      observe: (project, numbers) => scm.observe(project, numbers),
      ciFailureLog: (project, number, maxBytes) => scm.ciFailureLog(project, number, maxBytes),
      reviewComments: (project, number) => scm.reviewComments(project, number),
      review: (project, number, action) => scm.review(project, number, action),
      merge: (project, number, opts) => scm.merge(project, number, opts),
      subscribe: (project, emit) => scm.subscribe(project, emit),
      comment: (
        project: Parameters<LocalScm["comment"]>[0],
        number: number,
        input: Parameters<LocalScm["comment"]>[2],
      ) => scm.comment(project, number, input),
      close: (project: Parameters<LocalScm["close"]>[0], number: number) => scm.close(project, number),
    };
  },
});
