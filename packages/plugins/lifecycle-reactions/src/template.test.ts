import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { describe, expect, it } from "vitest";
import { fillTemplate, templateValues } from "./template.js";

describe("fillTemplate", () => {
  const session = createSession({
    id: "app-3",
    project: "app",
    issue: "42",
    branch: "ao/42-x",
    rules: DEFAULT_REACTION_RULES,
    at: 0,
  });
  session.facts.pr = {
    number: 9,
    url: "https://scm/pr/9",
    headSha: "a",
    state: "open",
    ci: "failed",
    review: "none",
    mergeable: null,
    conflict: false,
  };
  const values = templateValues(session, {
    attempt: 2,
    retries: 3,
    defaultBranch: "trunk",
    reaction: "ci-failed",
  });

  it("fills every placeholder", () => {
    expect(
      fillTemplate(
        "{session} {issue} {pr} {prUrl} {attempt}/{retries} {branch} {defaultBranch} {reaction}",
        values,
      ),
    ).toBe("app-3 42 #9 https://scm/pr/9 2/3 ao/42-x trunk ci-failed");
  });

  it("leaves unknown placeholders visible", () => {
    expect(fillTemplate("{nope} {attempt} {toString}", values)).toBe("{nope} 2 {toString}");
  });
});
