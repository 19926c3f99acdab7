import type { Notification, NotifierPlugin } from "@ao/core";
import type { ResolvedConfig } from "../config/normalize.js";
import { stderrLogger } from "../log.js";
import { buildProjects } from "../plugins/build.js";
import type { Check } from "./doctor.js";

/** The notification `ao doctor --test-notify` sends: says what it is and that nothing needs doing. */
function testNotification(project: string): Notification {
  return {
    kind: "needs_attention",
    priority: "info",
    title: "ao test notification",
    body: `Sent by \`ao doctor --test-notify\` for project ${project}: if you read this, this notifier works. Nothing to do.`,
    sessionId: "test",
    project,
    action: { command: "ao status" },
    at: Date.now(),
  };
}

/**
 * Send one test notification through every notifier of every project (each
 * instance once), and report each as a check. A notifier that throws is a
 * failed check with its error, never a crash of `ao doctor`.
 */
export async function testNotifiers(config: ResolvedConfig): Promise<Check[]> {
  const checks: Check[] = [];
  const sent = new Set<NotifierPlugin>();
  const host = { home: config.home, now: Date.now, log: stderrLogger("warn") };
  for (const { project } of await buildProjects(config)) {
    for (const notifier of project.plugins.notifiers) {
      if (sent.has(notifier)) continue;
      sent.add(notifier);
      const name = `notify ${project.ref.id}: ${notifier.name}`;
      try {
        await notifier.setup?.(host);
        await notifier.notify(testNotification(project.ref.id));
        checks.push({ name, status: "ok", detail: "sent a test notification" });
      } catch (error) {
        checks.push({
          name,
          status: "fail",
          detail: `could not send: ${(error as Error).message ?? String(error)}`,
          fix:
            (error as { hint?: string }).hint ??
            `Check ${notifier.name}'s options and what it needs installed.`,
        });
      } finally {
        await Promise.resolve(notifier.dispose?.()).catch(() => {});
      }
    }
  }
  return checks;
}
