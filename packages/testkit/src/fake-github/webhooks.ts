import { createHmac, randomUUID } from "node:crypto";
import type { EventSubject, FakeContext } from "./context.js";
import { type PayloadBuilders, payloadFor } from "./payloads.js";
import type { RepoRecord } from "./state.js";
import type { DeliverOptions, Delivery, HookConfig } from "./types.js";

/** Webhook deliveries signed the way GitHub signs them. */

/** `sha256=` + hex HMAC-SHA256 of the raw body (GitHub's X-Hub-Signature-256). */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** POST one delivery with GitHub's headers; a connection failure answers status 0. */
export async function deliver(
  target: string,
  event: string,
  payload: object,
  opts: DeliverOptions = {},
): Promise<{ status: number; body: string; deliveryId: string }> {
  const body = JSON.stringify(payload);
  const deliveryId = opts.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/fake",
    "x-github-event": event,
    "x-github-delivery": deliveryId,
    "x-github-hook-id": String(opts.hookId ?? 1),
    "x-github-hook-installation-target-type": "repository",
    "x-github-hook-installation-target-id": "1",
  };
  const secret = opts.forgeSignature ? `forged-${randomUUID()}` : opts.secret;
  if (secret !== undefined) {
    headers["x-hub-signature-256"] = signPayload(secret, body);
    headers["x-hub-signature"] = `sha1=${createHmac("sha1", secret).update(body, "utf8").digest("hex")}`;
  }
  try {
    // GitHub gives up on a delivery after 10 s.
    const res = await fetch(target, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text(), deliveryId };
  } catch (error) {
    return { status: 0, body: (error as Error).message, deliveryId };
  }
}

/** One attempt of a hook delivery, as GitHub's delivery log records it. */
export interface HookDelivery extends Delivery {
  /** Numeric id of this attempt (GitHub's delivery API id); `deliveryId` is the GUID. */
  id: number;
  payload: object;
  repo: string;
  hookId: number;
  deliveredAt: number;
  redelivery: boolean;
}

/** A repo's configured hooks: payloads are built when the change happens, sent in order. */
export class HookDispatcher {
  readonly deliveries: HookDelivery[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: FakeContext,
    private readonly builders: PayloadBuilders,
  ) {}

  set(repo: RepoRecord, hook: HookConfig | null): void {
    repo.hook = hook ? { ...hook, id: this.ctx.world.newId() } : null;
  }

  emit(repo: RepoRecord, event: string, action: string | null, subject: EventSubject): void {
    const hook = repo.hook;
    if (!hook || !(hook.events.includes(event) || hook.events.includes("*"))) return;
    const payload = payloadFor(this.ctx, this.builders, repo, event, action, subject);
    if (!payload) return;
    const deliveryId = randomUUID();
    this.queue = this.queue.then(async () => {
      const deliveredAt = this.ctx.world.now();
      const r = await deliver(hook.url, event, payload, { secret: hook.secret, deliveryId, hookId: hook.id });
      this.deliveries.push({
        id: this.ctx.world.newId(),
        deliveredAt,
        redelivery: false,
        event,
        deliveryId,
        status: r.status,
        body: r.body,
        payload,
        repo: repo.fullName,
        hookId: hook.id,
      });
    });
  }

  /** Send a past delivery again with the same delivery id, as GitHub's redeliver does. */
  async redeliver(deliveryId: string): Promise<Delivery> {
    await this.idle();
    const d = this.deliveries.find((x) => x.deliveryId === deliveryId);
    if (!d) throw new Error(`fake GitHub: no delivery ${deliveryId}`);
    const repo = this.ctx.world.repo(d.repo);
    if (!repo.hook) throw new Error(`fake GitHub: ${d.repo} has no hook to redeliver to`);
    const r = await deliver(repo.hook.url, d.event, d.payload, {
      secret: repo.hook.secret,
      deliveryId,
      hookId: d.hookId,
    });
    const now = this.ctx.world.now();
    const again = {
      ...d,
      id: this.ctx.world.newId(),
      status: r.status,
      body: r.body,
      deliveredAt: now,
      redelivery: true,
    };
    this.deliveries.push(again);
    return again;
  }

  /** Resolves when every queued delivery has been answered. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }
}
