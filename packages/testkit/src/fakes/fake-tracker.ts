import { branchNameFor, errors, fenceData, type Issue } from "@ao/core";
import { defineFake } from "./define-fake.js";
import { fakeState } from "./state-file.js";

export interface FakeTrackerOptions {
  /** The issues the tracker starts with (ignored when the state file already holds a world). */
  issues?: Issue[];
  stateFile?: string;
}

export interface IssueMarks {
  /** The session working on it, or null. */
  inProgress: string | null;
  done: boolean;
  comments: string[];
}

export interface FakeTrackerControl {
  add(issue: Issue): void;
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
  "@ao/testkit/fake-tracker",
  (options) => {
    const state = fakeState(options.stateFile, () => ({
      issues: (options.issues ?? []).map((i) => ({ ...i, labels: [...i.labels] })),
      marks: {} as Record<string, IssueMarks>,
    }));
    const find = (id: string) => {
      const issue = state.read().issues.find((i) => i.id === id);
      if (!issue) throw errors.issueNotFound(id, "@ao/testkit/fake-tracker");
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
        if (!issue) throw errors.issueNotFound(id, "@ao/testkit/fake-tracker");
        issue.state = value;
      });
    return {
      async getIssue(_project, id) {
        return structuredClone(find(id));
      },
      async listIssues(_project, filter) {
        const wanted = filter.state ?? "open";
        const labels = filter.labels ?? [];
        const matching = state
          .read()
          .issues.filter((i) => wanted === "all" || i.state === wanted)
          .filter((i) => labels.every((l) => i.labels.includes(l)));
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
