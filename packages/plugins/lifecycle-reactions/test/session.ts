import { createSession, DEFAULT_REACTION_RULES, type ReactionRules, type SessionSnapshot } from "@ao/core";

/** A session with PR #12 open, as the engine would hand it to the plugin. */
export function sessionWithPr(rules: ReactionRules = DEFAULT_REACTION_RULES): SessionSnapshot {
  const s = createSession({
    id: "app-1",
    project: "app",
    issue: "7",
    branch: "ao/7-fix-login",
    rules,
    at: 0,
  });
  s.facts.phase = "running";
  s.facts.pr = {
    number: 12,
    url: "https://scm.example/app/pull/12",
    headSha: "abc123",
    state: "open",
    ci: "failed",
    review: "none",
    mergeable: null,
    conflict: false,
  };
  s.state = "ci_failed";
  return s;
}
