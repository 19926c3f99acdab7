import { createSession, DEFAULT_REACTION_RULES, type Notification, type SessionSnapshot } from "@ao/core";

/** A plausible session snapshot for lifecycle and notifier checks. */
export function sampleSession(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    ...createSession({
      id: "app-1",
      project: "app",
      issue: "42",
      branch: "ao/42-fix-login",
      rules: DEFAULT_REACTION_RULES,
      at: Date.UTC(2026, 0, 1),
    }),
    ...overrides,
  };
}

/** A plausible notification (ready to merge) for notifier checks. */
export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: "ready_to_merge",
    priority: "action",
    title: "app-1: PR #7 is ready to merge",
    body: 'Session app-1 (issue 42, "Fix login") has green CI and an approval.',
    sessionId: "app-1",
    project: "app",
    pr: { number: 7, url: "https://example.invalid/acme/app/pull/7" },
    action: { command: "ao merge app-1" },
    at: Date.UTC(2026, 0, 1),
    ...overrides,
  };
}
