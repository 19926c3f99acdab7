import {
  AoError,
  fenceData,
  inertText,
  type Notification,
  type NotificationKind,
  type NotificationPriority,
  type NotificationSummary,
  type NotifierPlugin,
  notificationAction,
  type SessionSnapshot,
} from "@ao/core";
import { describeError } from "./calls.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import type { IssueStep } from "./spawn.js";

/** What a notification is about, before its text is written. */
export interface NotificationRequest {
  kind: NotificationKind;
  priority: NotificationPriority;
  /** Why, as the machine said it; for `waiting_input` the agent's question (outside text). */
  reason?: string;
  summary?: NotificationSummary;
}

/** One notifier of a project with the name config gave it (the plugin's name in the array form). */
export interface NamedNotifier {
  name: string;
  plugin: NotifierPlugin;
}

/** The project's notifiers, each with its instance name. */
export function namedNotifiers(ps: ProjectState): NamedNotifier[] {
  const names = ps.project.notifierNames ?? [];
  return ps.project.plugins.notifiers.map((plugin, i) => ({ name: names[i] ?? plugin.name, plugin }));
}

/** The notifiers that hear a priority: the ones routing names, every one when routing is silent on it. */
export function routeNotification(ps: ProjectState, priority: NotificationPriority): NamedNotifier[] {
  const all = namedNotifiers(ps);
  const names = ps.project.notificationRouting?.[priority];
  return names === undefined ? all : all.filter((n) => names.includes(n.name));
}

/** Kinds whose reason is the agent's own words: fenced as data, never mixed into ao's sentence. */
const QUOTED: ReadonlySet<NotificationKind> = new Set(["waiting_input"]);

/** Build a notification: text from the lifecycle plugin, links from the journal, secrets masked. */
export async function buildNotification(
  ctx: EngineContext,
  ps: ProjectState,
  session: SessionSnapshot,
  request: NotificationRequest,
): Promise<Notification> {
  const { lifecycle } = ps.project.plugins;
  // A summary is about a batch: one session's PR and issue would mislead.
  const single = request.kind !== "summary";
  const pr = single ? session.facts.pr : null;
  const issue = single ? (stepsOf(ps, session.id).issue as IssueStep | undefined) : undefined;
  const dashboardUrl = single ? ctx.dashboardUrl?.(session.id, ps.ref.id) : undefined;
  const base = {
    kind: request.kind,
    priority: request.priority,
    sessionId: session.id,
    project: ps.ref.id,
    ...(pr ? { pr: { number: pr.number, url: pr.url } } : {}),
    ...(issue?.id
      ? { issue: { id: issue.id, ...(issue.url ? { url: issue.url } : {}), title: inertText(issue.title) } }
      : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
    action: notificationAction(request.kind, session),
    ...(request.summary ? { summary: request.summary } : {}),
    at: ctx.clock.now(),
  };
  const quoted = QUOTED.has(request.kind) ? request.reason : undefined;
  const reason = quoted === undefined ? request.reason : undefined;
  const text = await ctx.call(lifecycle, "describe", () => lifecycle.describe(base, session, reason));
  // Titles and bodies quote outside text (issue and PR titles, errors, the agent's question):
  // notifiers pass them to argv (notify-send) and chat services, so they are made inert and
  // secrets are masked, the question fenced so it cannot pose as ao's own words.
  const clean = (s: string) => ctx.redactText(inertText(s));
  const body = quoted ? `${text.body}\n${fenceData("the agent's question", quoted)}` : text.body;
  return { ...base, title: clean(text.title), body: clean(body) };
}

/**
 * Hand a notification to the notifiers its priority routes to, without
 * waiting for them: a slow or failing service never holds up an effect or a
 * tick. Each failure is journaled as a `notify_failed` record (retrying is the
 * plugin's job). Returns the names of the notifiers it went to.
 */
export function sendNotification(ctx: EngineContext, ps: ProjectState, notification: Notification): string[] {
  const targets = routeNotification(ps, notification.priority);
  for (const { name, plugin } of targets) {
    const delivery = ctx
      .call(plugin, "notify", () => plugin.notify(notification))
      .catch((error) => journalFailure(ctx, ps, name, notification, error));
    ctx.notifying.add(delivery);
    void delivery.finally(() => ctx.notifying.delete(delivery));
  }
  return targets.map((t) => t.name);
}

async function journalFailure(
  ctx: EngineContext,
  ps: ProjectState,
  notifier: string,
  notification: Notification,
  error: unknown,
): Promise<void> {
  const message = ctx.redactText(inertText(describeError(error))).slice(0, 500);
  const code = error instanceof AoError ? error.code : "NOTIFY_FAILED";
  ctx.log.warn(`Notifier ${notifier} failed`, { session: notification.sessionId, error: message });
  await ctx
    .record(ps.ref.id, {
      at: ctx.clock.now(),
      kind: "notify_failed",
      session: notification.sessionId,
      notifier,
      notification: notification.kind,
      code,
      message,
    })
    .catch((e) => ctx.log.warn("Could not journal a notifier's failure", { error: describeError(e) }));
}
