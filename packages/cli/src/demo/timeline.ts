import type { JournalRecord } from "@ao/engine";
import { paint } from "../output.js";

export type DemoRecord = JournalRecord & { project: string };

/** A readable line for one journal record, or null for records too noisy to show. */
export function describeRecord(record: DemoRecord, start: number): string | null {
  const t = paint("dim", `+${((record.at - start) / 1000).toFixed(1).padStart(5)}s`);
  switch (record.kind) {
    case "session":
      return `${t}  ${name(record.session.id)}  new session for issue ${record.session.issue ?? "-"} on ${record.session.branch}`;
    case "transition": {
      const effects = record.effects.map((e) => effectLabel(e)).filter(Boolean);
      const to = paint(colourOf(record.to), record.to);
      const arrow = record.from === record.to ? to : `${record.from} → ${to}`;
      return `${t}  ${name(record.session)}  ${arrow}${effects.length ? paint("dim", `   (${effects.join(", ")})`) : ""}`;
    }
    case "effect":
      if (
        record.ok &&
        record.effect !== "notify" &&
        record.effect !== "cleanup" &&
        record.effect !== "merge"
      ) {
        return `${t}  ${name(record.session)}    ${paint("dim", `${record.effect} done${record.detail ? `: ${firstLine(record.detail)}` : ""}`)}`;
      }
      if (record.ok)
        return `${t}  ${name(record.session)}    ${record.effect} done${record.detail ? `: ${firstLine(record.detail)}` : ""}`;
      return `${t}  ${name(record.session)}    ${paint("yellow", `${record.effect} failed`)}${record.detail ? `: ${firstLine(record.detail)}` : ""}`;
    case "overlap":
      return `${t}  ${name(record.session)}  ${paint("yellow", "overlap")} with ${record.with}: ${record.files.join(", ")}`;
    default:
      return null;
  }
}

function effectLabel(effect: Extract<JournalRecord, { kind: "transition" }>["effects"][number]): string {
  switch (effect.type) {
    case "send_to_agent":
      return `${effect.reaction} → agent, attempt ${effect.attempt}`;
    case "notify":
      return `notify: ${effect.kind}`;
    case "update_issue":
      return `issue ${effect.mark}`;
    case "cleanup":
      return `cleanup (${effect.reason})`;
    default:
      return effect.type.replace(/_/g, " ");
  }
}

function colourOf(state: string): "green" | "red" | "yellow" | "cyan" {
  if (state === "merged" || state === "mergeable") return "green";
  if (state === "stuck" || state === "errored" || state === "ci_failed") return "red";
  if (state === "changes_requested" || state === "merge_conflict") return "yellow";
  return "cyan";
}

const name = (id: string) => paint("bold", id.padEnd(8));
const firstLine = (text: string) => text.split("\n")[0]?.slice(0, 100) ?? "";
