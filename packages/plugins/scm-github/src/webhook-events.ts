import type { PrStatus, ScmEvent } from "@ao/core";

/** What a delivery asks for: events to pass on as they are, and PRs whose status must be re-read. */
export interface DeliveryPlan {
  repo: string | undefined;
  events: ScmEvent[];
  /** PR numbers whose CI / review state the delivery says changed. */
  refresh: number[];
  /** Branches whose open PR must be found first (a `status` event names only a commit and its branches). */
  refreshBranches: string[];
  /** A thread comment: routed only when its author is trusted (checked by the caller). */
  comment?: { pr: number; author: string; headSha?: string };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined;

function prNumbers(list: unknown): number[] {
  return Array.isArray(list)
    ? list.map((p) => num(obj(p).number)).filter((n): n is number => n !== undefined)
    : [];
}

/**
 * Map one verified GitHub delivery to ao's SCM events. PR lifecycle events
 * (opened, new head, merged, closed, a branch push) carry what they mean and
 * pass straight on; CI and review events name PRs whose combined state must
 * be re-read (one check passing is not CI passing; a review from a user
 * without write access decides nothing). Unknown events and actions: nothing.
 */
export function planDelivery(event: string, payload: Obj, deliveryId: string): DeliveryPlan {
  const repo = str(obj(payload.repository).full_name);
  const action = str(payload.action);
  const plan: DeliveryPlan = { repo, events: [], refresh: [], refreshBranches: [] };
  const base = { ...(repo ? { repo } : {}), deliveryId };
  const pull = obj(payload.pull_request);
  const number = num(pull.number) ?? num(payload.number);
  const head = obj(pull.head);
  const branch = str(head.ref);
  const headSha = str(head.sha);
  const prFields = { ...(number ? { pr: number } : {}), ...(branch ? { branch } : {}) };
  switch (event) {
    case "pull_request": {
      if (!number) break;
      if (action === "opened" || action === "reopened") {
        const url = str(pull.html_url);
        plan.events.push({
          ...base,
          type: "pr_opened",
          ...prFields,
          ...(url ? { url } : {}),
          ...(headSha ? { headSha } : {}),
        });
      } else if (action === "synchronize" && headSha) {
        plan.events.push({ ...base, type: "pushed", ...prFields, headSha });
      } else if (action === "closed") {
        plan.events.push({ ...base, type: pull.merged === true ? "pr_merged" : "pr_closed", ...prFields });
      } else if (action === "ready_for_review" || action === "edited") {
        plan.refresh.push(number);
      }
      break;
    }
    case "pull_request_review":
      if (number && (action === "submitted" || action === "dismissed" || action === "edited"))
        plan.refresh.push(number);
      break;
    case "pull_request_review_comment": {
      const author = str(obj(obj(payload.comment).user).login);
      const commitId = str(obj(payload.comment).commit_id);
      if (number && action === "created" && author)
        plan.comment = { pr: number, author, ...(commitId ? { headSha: commitId } : {}) };
      break;
    }
    case "pull_request_review_thread":
      if (number && action === "unresolved") plan.refresh.push(number);
      break;
    case "check_run":
    case "check_suite": {
      const subject = obj(payload[event]);
      plan.refresh.push(...prNumbers(subject.pull_requests));
      break;
    }
    case "status": {
      const branches = Array.isArray(payload.branches) ? payload.branches.map((b) => str(obj(b).name)) : [];
      plan.refreshBranches.push(...branches.filter((b): b is string => !!b));
      break;
    }
    case "push": {
      const ref = str(payload.ref);
      const after = str(payload.after);
      if (ref?.startsWith("refs/heads/") && after && !/^0+$/.test(after) && payload.deleted !== true)
        plan.events.push({
          ...base,
          type: "pushed",
          branch: ref.slice("refs/heads/".length),
          headSha: after,
        });
      break;
    }
    default:
      break;
  }
  plan.refresh = [...new Set(plan.refresh)];
  return plan;
}

/**
 * The events that say what a freshly read PR status is. Each gets its own
 * delivery id (`<delivery>/<kind>`): the engine deduplicates by delivery, and
 * one delivery may move CI, review and conflicts at once; a redelivery makes
 * the same ids, so it is still deduplicated.
 */
export function statusEvents(status: PrStatus, repo: string, deliveryId: string): ScmEvent[] {
  const base = {
    repo,
    pr: status.number,
    branch: status.branch,
    ...(status.headSha ? { headSha: status.headSha } : {}),
  };
  const id = (kind: string) => ({ deliveryId: `${deliveryId}/${status.number}/${kind}` });
  if (status.state === "merged") return [{ ...base, ...id("state"), type: "pr_merged" }];
  if (status.state === "closed") return [{ ...base, ...id("state"), type: "pr_closed" }];
  const out: ScmEvent[] = [];
  const ci = { pending: "ci_pending", passed: "ci_passed", failed: "ci_failed", none: null } as const;
  const ciType = ci[status.ci];
  if (ciType) out.push({ ...base, ...id("ci"), type: ciType });
  if (status.review === "approved") out.push({ ...base, ...id("review"), type: "review_approved" });
  if (status.review === "changes_requested")
    out.push({ ...base, ...id("review"), type: "changes_requested" });
  if (status.conflict) out.push({ ...base, ...id("conflict"), type: "conflict_detected" });
  else if (status.mergeable !== null) out.push({ ...base, ...id("conflict"), type: "conflict_resolved" });
  return out;
}
