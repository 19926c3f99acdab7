import {
  branchNameFor,
  errors,
  fenceData,
  type Issue,
  type IssueFilter,
  type TrackerWebhookEvent,
} from "@ao/core";
import { defineFake } from "./define-fake.js";
import { readSignedEvents, signBody } from "./signed-webhook.js";
import { fakeState } from "./state-file.js";

const NAME = "@ao/testkit/fake-tracker";

/** An issue of the fake, with the fields only filters read. */
export type FakeIssue = Issue & { assignee?: string; milestone?: string };

export interface FakeTrackerOptions {
  /** The issues the tracker starts with (ignored when the state file already holds a world). */
  issues?: FakeIssue[];
  stateFile?: string;
  /** The filter keys it claims to apply (default: all of them); config asking for another is refused. */
  filters?: (keyof IssueFilter)[];
  /** Enables `webhook`: deliveries are JSON tracker events signed in `x-ao-signature` (see fake-scm). */
  secret?: string;
  /** The route its webhook shares (see `PluginBase.webhookRoute`). */
  webhookRoute?: string;
}

export interface IssueMarks {
  /** The session working on it, or null. */
  inProgress: string | null;
  done: boolean;
  comments: string[];
}

export interface FakeTrackerControl {
  add(issue: FakeIssue): void;
  /** The `x-ao-signature` header value for a webhook body (needs `secret`). */
  sign(body: string | Buffer): string;
  /** Close an issue, as a human would on the tracker. */
  close(id: string): void;
  reopen(id: string): void;
  /** What ao told the tracker about an issue. */
  marks(id: string): IssueMarks;
  issues(): Issue[];
}

/** A tracker over an in-memory issue list. */
export const fakeTracker = defineFake<"tracker", FakeTrackerOptions, FakeTrackerControl>(
  "tracker",
  NAME,
  (options) => {
    const state = fakeState(options.stateFile, () => ({
      issues: (options.issues ?? []).map((i) => ({ ...i, labels: [...i.labels] })) as FakeIssue[],
      marks: {} as Record<string, IssueMarks>,
    }));
    const find = (id: string) => {
      const issue = state.read().issues.find((i) => i.id === id);
      if (!issue) throw errors.issueNotFound(id, NAME);
      return issue;
    };
    const mark = (id: string, mutate: (m: IssueMarks) => void) =>
      state.update((s) => {
        s.marks[id] ??= { inProgress: null, done: false, comments: [] };
        mutate(s.marks[id]);
      });
    const setState = (id: string, value: Issue["state"]) =>
      state.update((s) => {
        const issue = s.issues.find((i) => i.id === id);
        if (!issue) throw errors.issueNotFound(id, NAME);
        issue.state = value;
      });
    const secret = options.secret;
    return {
      filters: options.filters ?? ["labels", "state", "limit", "assignee", "milestone"],
      async getIssue(_project, id) {
        const { assignee: _a, milestone: _m, ...issue } = find(id);
        return structuredClone(issue);
      },
      ...(options.webhookRoute ? { webhookRoute: options.webhookRoute } : {}),
      ...(secret
        ? {
            // On a shared route it sees the SCM's events too: it keeps only the issue ones.
            webhook: async (request) =>
              readSignedEvents<TrackerWebhookEvent>(NAME, secret, request).filter((e) =>
                e?.type?.startsWith("issue_"),
              ),
          }
        : {}),
      async listIssues(_project, filter) {
        const wanted = filter.state ?? "open";
        const labels = filter.labels ?? [];
        const matching = state
          .read()
          .issues.filter((i) => wanted === "all" || i.state === wanted)
          .filter((i) => labels.every((l) => i.labels.includes(l)))
          .filter((i) => filter.assignee === undefined || i.assignee === filter.assignee)
          .filter((i) => filter.milestone === undefined || i.milestone === filter.milestone)
          .map(({ assignee: _a, milestone: _m, ...issue }) => issue);
        return structuredClone(filter.limit === undefined ? matching : matching.slice(0, filter.limit));
      },
      branchName: (issue) => branchNameFor(issue.id, issue.title),
      prompt: (issue, project) =>
        `Work on issue ${issue.id} of ${project.id}: ${issue.title}\n\n${fenceData("Issue description", issue.body)}`,
      async markInProgress(_project, issue, sessionId) {
        find(issue.id);
        mark(issue.id, (m) => {
          m.inProgress = sessionId;
        });
      },
      async markDone(_project, issue) {
        find(issue.id);
        mark(issue.id, (m) => {
          m.done = true;
          m.inProgress = null;
        });
        setState(issue.id, "closed");
      },
      async release(_project, issue) {
        find(issue.id);
        mark(issue.id, (m) => {
          m.inProgress = null;
        });
      },
      async comment(_project, issue, body) {
        find(issue.id);
        mark(issue.id, (m) => void m.comments.push(body));
      },
      control: {
        sign(body) {
          if (!secret) throw new Error(`${NAME}: sign() needs the secret option`);
          return signBody(secret, body);
        },
        add: (issue) =>
          state.update((s) => {
            s.issues = s.issues.filter((i) => i.id !== issue.id);
            s.issues.push(structuredClone(issue));
          }),
        close: (id) => setState(id, "closed"),
        reopen: (id) => setState(id, "open"),
        marks: (id) =>
          structuredClone(state.read().marks[id] ?? { inProgress: null, done: false, comments: [] }),
        issues: () => structuredClone(state.read().issues),
      },
    };
  },
);
