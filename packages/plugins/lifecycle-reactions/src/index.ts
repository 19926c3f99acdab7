import { definePlugin } from "@ao/core";
import { agentMessage } from "./agent-message.js";
import { describeNotification } from "./describe.js";
import { PLUGIN_NAME, type ReactionsOptions, resolveRules } from "./rules.js";

export { resolveRules, type ReactionsOptions } from "./rules.js";
export { fillTemplate, type TemplateValues } from "./template.js";

/**
 * The default lifecycle policy, driven by the `reactions` config: auto-fix
 * reactions (CI failure, change request, conflict) talk to the agent; the rest
 * notify a human with the one command that acts.
 */
export default definePlugin({
  slot: "lifecycle",
  name: PLUGIN_NAME,
  create(options: ReactionsOptions) {
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
