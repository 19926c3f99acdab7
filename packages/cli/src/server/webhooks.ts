import { errors, type Logger, type ScmEvent, type TrackerWebhookEvent, type WebhookRequest } from "@ao/core";
import type { Actor, EngineApi, EngineProject } from "@ao/engine";

/** A mounted webhook route: `/webhooks/<route>`; `events: 0` means the delivery was ignored. */
export type WebhookHandler = (request: WebhookRequest) => Promise<{ events: number }>;

/**
 * The route name of a plugin: the route it declares (`webhookRoute`, shared by the plugins of
 * one service, e.g. `github`), else its package name without `@ao/`; made URL-safe.
 */
export function webhookRoute(plugin: string | { name: string; webhookRoute?: string }): string {
  const name = typeof plugin === "string" ? plugin : (plugin.webhookRoute ?? plugin.name);
  return name
    .replace(/^@ao\//, "")
    .replace(/^@/, "")
    .replace(/[^a-zA-Z0-9._-]+/g, "-");
}

type Target = { project: EngineProject; kind: "scm" | "tracker" };

const quiet: Pick<Logger, "warn"> = { warn() {} };

/** Why a call failed, without its stack or anything the plugin did not put in its message. */
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Routes for every scm/tracker plugin that has a `webhook` method (present
 * only when its secret is configured). A plugin with no webhook gets no route.
 *
 * Several projects, and the tracker and SCM plugins of one service, may
 * share a route (`webhookRoute`, else one per plugin name): each instance
 * verifies the delivery with its own secret and maps what it understands,
 * so one GitHub delivery reaches both plugins of every project on that route. The events of the ones
 * that verify are handed to the engine, which matches them by repository and
 * PR; one project failing never stops the others. When no project verifies
 * the delivery, it is refused with UNAUTHORIZED (401) and nothing is recorded.
 */
export function webhookRoutes(
  engine: EngineApi,
  projects: EngineProject[],
  log: Pick<Logger, "warn"> = quiet,
): Map<string, WebhookHandler> {
  const byRoute = new Map<string, Target[]>();
  for (const project of projects) {
    for (const kind of ["scm", "tracker"] as const) {
      const plugin = project.plugins[kind];
      if (typeof plugin.webhook !== "function") continue;
      const route = webhookRoute(plugin);
      byRoute.set(route, [...(byRoute.get(route) ?? []), { project, kind }]);
    }
  }
  const routes = new Map<string, WebhookHandler>();
  for (const [route, targets] of byRoute) {
    const actor: Actor = { kind: "webhook", route };
    routes.set(route, async (request) => {
      const verified: Array<Target & { events: ReadonlyArray<ScmEvent | TrackerWebhookEvent> }> = [];
      // A plugin instance shared by several projects (set in `defaults`) verifies the delivery once.
      const byInstance = new Map<object, Promise<ReadonlyArray<ScmEvent | TrackerWebhookEvent>>>();
      for (const target of targets) {
        const plugin = target.project.plugins[target.kind];
        try {
          let events = byInstance.get(plugin);
          if (!events) {
            events = Promise.resolve(plugin.webhook?.(request)).then((e) => e ?? []);
            byInstance.set(plugin, events);
          }
          verified.push({ ...target, events: await events });
        } catch (error) {
          // A signature made with another project's secret fails here: try the next one.
          log.warn(`Webhook ${route}: project ${target.project.ref.id} did not accept the delivery`, {
            error: reason(error),
          });
        }
      }
      if (verified.length === 0) throw errors.webhookUnauthorized(route);
      let count = 0;
      for (const { project, kind, events } of verified) {
        count += events.length;
        for (const event of events) {
          const id = project.ref.id;
          const applied =
            kind === "scm"
              ? engine.ingest(id, event as ScmEvent, { actor })
              : engine.ingestIssue(id, event as TrackerWebhookEvent, { actor });
          await applied.catch((error) =>
            log.warn(`Webhook ${route}: an event for project ${id} failed`, {
              type: event.type,
              error: reason(error),
            }),
          );
        }
      }
      return { events: count };
    });
  }
  return routes;
}
