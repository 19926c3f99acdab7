import { DEFAULT_REACTION_RULES, fenceData, type ReactionRule, type ReactionRules } from "@ao/core";
import { defineFake } from "./define-fake.js";

export interface FakeLifecycleOptions {
  /** Rules merged over DEFAULT_REACTION_RULES, per reaction. */
  rules?: Partial<Record<keyof ReactionRules, Partial<ReactionRule>>>;
  routeUntrustedComments?: boolean;
}

export interface FakeLifecycleControl {
  /** The rules it hands out. */
  readonly rules: ReactionRules;
}

/** The default policy with plain, predictable messages. */
export const fakeLifecycle = defineFake<"lifecycle", FakeLifecycleOptions, FakeLifecycleControl>(
  "lifecycle",
  "@ao/testkit/fake-lifecycle",
  (options) => {
    const rules = structuredClone(DEFAULT_REACTION_RULES);
    for (const [key, rule] of Object.entries(options.rules ?? {}) as [
      keyof ReactionRules,
      Partial<ReactionRule>,
    ][]) {
      rules[key] = { ...rules[key], ...rule };
    }
    return {
      rules: () => structuredClone(rules),
      routeUntrustedComments: () => options.routeUntrustedComments ?? false,
      agentMessage(context) {
        const head = `[${context.reaction} attempt ${context.attempt}]`;
        switch (context.reaction) {
          case "ci-failed":
            return `${head} CI failed on your PR. Fix it and push.\n\n${fenceData("CI log", context.ciLog ?? "")}`;
          case "changes-requested": {
            const comments = (context.comments ?? []).map((c) => `${c.author}: ${c.body}`).join("\n\n");
            return `${head} A reviewer asked for changes. Address them and push.\n\n${fenceData("Review comments", comments)}`;
          }
          case "merge-conflict":
            return `${head} Your branch conflicts with ${context.defaultBranch ?? "the default branch"}. Rebase on origin/${context.defaultBranch ?? "main"}, resolve, and push.`;
          default:
            return `${head} Please check the session ${context.session.id}.`;
        }
      },
      describe(notification, session, reason) {
        const pr = notification.pr ? ` (PR #${notification.pr.number})` : "";
        return {
          title: `${notification.kind}: ${session.id}${pr}`,
          body: `Session ${session.id} is ${session.state}${pr}.${reason ? ` ${reason}` : ""}`,
        };
      },
      control: { rules },
    };
  },
);
