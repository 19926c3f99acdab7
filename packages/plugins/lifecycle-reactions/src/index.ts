import { definePlugin, type OptionSpecs } from "@ao/core";
import { agentMessage } from "./agent-message.js";
import { describeNotification } from "./describe.js";
import { PLUGIN_NAME, resolveRules } from "./rules.js";

export { resolveRules, type ReactionsOptions } from "./rules.js";
export { fillTemplate, type TemplateValues } from "./template.js";

/**
 * The default lifecycle policy, driven by the `reactions` config: auto-fix
 * reactions (CI failure, change request, conflict) talk to the agent; the rest
 * notify a human with the one command that acts.
 */
const rule = (what: string, action: string) =>
  ({
    type: "object",
    example: { auto: true, action },
    doc: `${what}: { auto, action, retries, escalateAfter, threshold, message, priority } over the default rule.`,
  }) as const;

/** The `reactions` config section: one rule per reaction (checked field by field in create) and one switch. */
const OPTIONS = {
  "ci-failed": rule("CI failed on the PR", "send-to-agent"),
  "changes-requested": rule("A reviewer asked for changes", "send-to-agent"),
  "merge-conflict": rule("The PR no longer merges", "send-to-agent"),
  "approved-and-green": rule("Approved with green CI", "merge"),
  "agent-stuck": rule("No progress for `threshold`", "notify"),
  "agent-exited": rule("The agent's process ended", "restore"),
  "agent-waiting": rule("The agent asks a question (notifies at once; `auto: false` = off)", "notify"),
  routeUntrustedComments: {
    type: "boolean",
    default: false,
    doc: "Route review comments from authors without write access to the agent too.",
  },
} as const satisfies OptionSpecs;

export default definePlugin({
  slot: "lifecycle",
  name: PLUGIN_NAME,
  options: OPTIONS,
  create(options) {
    const { rules, routeUntrustedComments } = resolveRules(options);
    return {
      rules: () => structuredClone(rules),
      routeUntrustedComments: () => routeUntrustedComments,
      agentMessage(ctx) {
        // The session carries the rules it was created with; they win over a since-edited config.
        const rule = ctx.session.rules?.[ctx.reaction] ?? rules[ctx.reaction];
        return agentMessage(ctx, { rule, routeUntrustedComments });
      },
      describe: (notification, session, reason) => describeNotification(notification, session, reason),
    };
  },
});
