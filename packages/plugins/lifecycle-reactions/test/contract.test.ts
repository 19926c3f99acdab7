import { lifecycleContract } from "@ao/plugin-kit";
import reactions from "../src/index.js";

// The shared lifecycle contract, with the defaults and with a customised config.
lifecycleContract({
  name: "@ao/lifecycle-reactions (defaults)",
  setup: async () => ({ plugin: reactions() }),
});
lifecycleContract({
  name: "@ao/lifecycle-reactions (configured)",
  setup: async () => ({
    plugin: reactions({
      "ci-failed": { retries: 5, message: "Fix CI on {branch}" },
      "changes-requested": { escalateAfter: "5m" },
      "approved-and-green": { action: "merge" },
      "agent-exited": { action: "restore" },
      routeUntrustedComments: true,
    }),
  }),
});
