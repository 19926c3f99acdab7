import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { unsupportedIntakeFilters } from "./intake-filters.js";

const intake = { auto: true, labels: ["agent"], maxConcurrent: 5 };

describe("intake filters a tracker cannot apply", () => {
  it("names the key, the filter and the tracker", () => {
    const problems = unsupportedIntakeFilters(
      "app",
      { ...intake, assignee: "octocat", milestone: "v2" },
      { name: "@ao/tracker-local", filters: ["labels", "state", "limit", "assignee"] },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^projects\.app\.intake\.milestone: the tracker @ao\/tracker-local cannot filter/,
    );
  });

  it("a tracker that declares nothing applies only labels, state and limit", () => {
    const problems = unsupportedIntakeFilters(
      "app",
      { ...intake, assignee: "me" },
      { name: "@acme/ao-tracker-x" },
    );
    expect(problems.join("\n")).toContain("intake.assignee: the tracker @acme/ao-tracker-x");
    expect(unsupportedIntakeFilters("app", intake, { name: "@acme/ao-tracker-x" })).toEqual([]);
  });
});

describe("config keys of this round", () => {
  const base = { projects: { app: { repo: "a/b", path: "." } } };

  it("accepts intake assignee/milestone and webhooks.resync", () => {
    expect(
      validateConfig({
        ...base,
        intake: { assignee: "octocat", milestone: "v2" },
        webhooks: { resync: "15m" },
      }),
    ).toEqual([]);
  });

  it("refuses a resync shorter than the poll interval, and unknown webhooks keys with a suggestion", () => {
    expect(validateConfig({ ...base, pollInterval: "5m", webhooks: { resync: "1m" } })).toEqual([
      'webhooks.resync: is shorter than pollInterval — write a longer duration, e.g. webhooks: { resync: "10m" }',
    ]);
    expect(validateConfig({ ...base, webhooks: { resynk: "10m" } })[0]).toMatch(
      /webhooks\.resynk: unknown key — did you mean "resync"/,
    );
  });
});
