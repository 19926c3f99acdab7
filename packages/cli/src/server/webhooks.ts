import type { WebhookRequest } from "@ao/core";
import type { EngineApi, EngineProject } from "@ao/engine";

/** A mounted webhook route: `/webhooks/<route>`. */
export type WebhookHandler = (request: WebhookRequest) => Promise<{ events: number }>;

/** The route name of a plugin: its package name without `@ao/`, made URL-safe. */
export function webhookRoute(pluginName: string): string {
  return pluginName
    .replace(/^@ao\//, "")
    .replace(/^@/, "")
    .replace(/[^a-zA-Z0-9._-]+/g, "-");
}

/**
 * Routes for every scm/tracker plugin that has a `webhook` method (present
 * only when its secret is configured). A plugin with no webhook gets no route.
 */
export function webhookRoutes(engine: EngineApi, projects: EngineProject[]): Map<string, WebhookHandler> {
  const byRoute = new Map<string, Array<{ project: EngineProject; kind: "scm" | "tracker" }>>();
  for (const project of projects) {
    for (const kind of ["scm", "tracker"] as const) {
      const plugin = project.plugins[kind];
      if (typeof plugin.webhook !== "function") continue;
      const route = webhookRoute(plugin.name);
      byRoute.set(route, [...(byRoute.get(route) ?? []), { project, kind }]);
    }
  }
  const routes = new Map<string, WebhookHandler>();
  for (const [route, targets] of byRoute) {
    routes.set(route, async (request) => {
      let count = 0;
      // Each project's instance verifies the signature with its own secret; the
      // engine ignores events about branches and PRs it does not own.
      for (const { project, kind } of targets) {
        if (kind === "scm") {
          const events = await project.plugins.scm.webhook!(request);
          for (const event of events) await engine.ingest(project.ref.id, event);
          count += events.length;
        } else {
          const events = await project.plugins.tracker.webhook!(request);
          count += events.length;
        }
      }
      // Tracker events (an issue closed) are picked up by one observation pass.
      if (targets.some((t) => t.kind === "tracker")) await engine.tick();
      return { events: count };
    });
  }
  return routes;
}
