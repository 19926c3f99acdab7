import { type FakeContext, numberParam, repoFor } from "./context.js";
import { type Router, notFound, paginate } from "./http.js";
import { repoApi } from "./shapes-core.js";
import { iso } from "./state.js";
import type { HookDispatcher } from "./webhooks.js";

/** REST: a repo's hook and its delivery log, with redelivery (how a receiver catches up on missed events). */
export function hookRoutes(ctx: FakeContext, router: Router, hooks: HookDispatcher): void {
  const base = "/repos/:owner/:repo/hooks";

  router.on("GET", base, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "admin");
    const h = repo.hook;
    if (!h) return { status: 200, body: [] };
    const api = `${repoApi(ctx, repo)}/hooks/${h.id}`;
    const at = iso(repo.createdAt);
    // The secret is write-only on GitHub: the config never shows it.
    const config = { url: h.url, content_type: "json", insecure_ssl: "0", secret: "********" };
    const hook = {
      type: "Repository",
      id: h.id,
      name: "web",
      active: true,
      events: h.events,
      config,
      updated_at: at,
      created_at: at,
      url: api,
      test_url: `${api}/test`,
      ping_url: `${api}/pings`,
      deliveries_url: `${api}/deliveries`,
      last_response: { code: null, status: "unused", message: null },
    };
    return { status: 200, body: [hook] };
  });

  router.on("GET", `${base}/:id/deliveries`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "admin");
    const id = numberParam(params, "id");
    if (repo.hook?.id !== id) throw notFound();
    await hooks.idle();
    const items = hooks.deliveries.filter((d) => d.hookId === id).reverse();
    const { page, headers } = paginate(req, ctx.url, items);
    const body = page.map((d) => ({
      id: d.id,
      guid: d.deliveryId,
      delivered_at: iso(d.deliveredAt),
      redelivery: d.redelivery,
      duration: 0.01,
      status:
        d.status >= 200 && d.status < 300
          ? "OK"
          : d.status === 0
            ? "failed to connect to host"
            : `Invalid HTTP Response: ${d.status}`,
      status_code: d.status,
      event: d.event,
      action: (d.payload as { action?: string }).action ?? null,
      installation_id: null,
      repository_id: repo.id,
    }));
    return { status: 200, body, headers };
  });

  router.on("POST", `${base}/:id/deliveries/:delivery/attempts`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "admin");
    if (repo.hook?.id !== numberParam(params, "id")) throw notFound();
    const d = hooks.deliveries.find((x) => String(x.id) === params.delivery && x.hookId === repo.hook?.id);
    if (!d) throw notFound();
    await hooks.redeliver(d.deliveryId);
    return { status: 202, body: {} };
  });
}
