import { notifierContract } from "@ao/plugin-kit";
import notifierConsole from "../src/index.js";

notifierContract({
  name: "@ao/notifier-console",
  async setup() {
    const chunks: string[] = [];
    const plugin = notifierConsole({ stream: { write: (chunk: string) => chunks.push(chunk) } });
    return { plugin, received: async () => [...chunks] };
  },
});
