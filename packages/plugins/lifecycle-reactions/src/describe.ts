import type { LifecyclePlugin, NotificationKind, SessionSnapshot } from "@ao/core";

type NotificationInput = Parameters<LifecyclePlugin["describe"]>[0];

function prText(s: SessionSnapshot): string {
  const pr = s.facts.pr;
  return pr ? `PR #${pr.number} (${pr.url})` : "no PR yet";
}

function summaryText(sum: NotificationInput["summary"]): string {
  if (!sum) return "The batch is done.";
  const cost = sum.costUsd !== undefined ? `, cost $${sum.costUsd.toFixed(2)}` : "";
  const n = sum.sessions.length;
  return `${n} session(s): ${sum.merged} merged, ${sum.stuck} need a human, ${sum.killed} killed or closed${cost}. Sessions: ${sum.sessions.join(", ")}.`;
}

/** Title and body of a human-facing notification: what happened, where, and the command that acts. */
export function describeNotification(
  n: NotificationInput,
  s: SessionSnapshot,
  reason?: string,
): { title: string; body: string } {
  const pr = s.facts.pr;
  const prShort = pr ? ` PR #${pr.number}` : "";
  const why = reason ? ` (${reason})` : "";
  const reaction = s.facts.escalation?.reaction;
  const issue = s.issue ? `issue ${s.issue}` : "a prompt";
  const what: Record<NotificationKind, [string, string]> = {
    ready_to_merge: [`${s.id}:${prShort} is ready to merge`, "It is approved and CI is green."],
    stuck: [`${s.id} is stuck`, `The agent needs a human${why}.`],
    escalated: [
      `${s.id}: auto-fix gave up${reaction ? ` on ${reaction}` : ""}`,
      `ao stopped retrying on its own${why}; a human decision is needed.`,
    ],
    needs_attention: [
      `${s.id}${prShort} needs attention`,
      `This reaction is not automatic, so ao left it to you${why}.`,
    ],
    errored: [`${s.id} errored`, `The session crashed or failed to start${why}.`],
    agent_exited: [`${s.id}: the agent exited`, `The agent process ended${why}; the PR stays open.`],
    budget: [
      `${s.id} reached its budget`,
      `The agent was stopped, its workspace kept${why}. Raise \`budget\` in the config and restore it, or kill it with \`ao kill ${s.id}\`.`,
    ],
    merged: [
      `${s.id}:${prShort} merged`,
      "The PR was merged; the session is cleaned up and the issue is done.",
    ],
    waiting_input: [
      `${s.id} is waiting for your answer`,
      `The agent asked something and waits${why}. Answer with \`ao send ${s.id} "..."\`, or look with \`ao attach ${s.id}\`.`,
    ],
    pr_closed: [
      `${s.id}:${prShort} was closed without merge`,
      `The agent is stopped and its workspace kept. Decide: \`ao restore ${s.id}\` relaunches it and opens the PR again, \`ao kill ${s.id}\` releases the issue and cleans up.`,
    ],
    summary: [`${s.project}: every session of the batch is done`, summaryText(n.summary)],
  };
  const [title, happened] = what[n.kind];
  const body = [
    happened,
    `Session ${s.id} (project ${s.project}, ${issue}, branch ${s.branch}), ${prText(s)}, state ${s.state}.`,
    `Act: ${n.action.command ?? n.action.url ?? "ao status"}`,
  ].join("\n");
  return { title, body };
}
