// Replay of 100,000 journaled events: how long `Journal.open` takes to fold
// them (full replay, then from a snapshot). Goal: < 1 s.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "../packages/core/dist/index.js";
import { Journal } from "../packages/engine/dist/index.js";

const EVENTS = 100_000;
const SESSIONS = 100;
const dir = mkdtempSync(join(tmpdir(), "ao-bench-replay-"));
try {
  /** Writes the journal; the generated records are dropped before timing, so their GC is not counted. */
  const write = () => {
    const lines = [];
    let seq = 0;
    const at = Date.UTC(2026, 0, 1);
    for (let i = 0; i < SESSIONS; i++) {
      const session = createSession({
        id: `app-${i + 1}`,
        project: "app",
        issue: String(i + 1),
        branch: `ao/${i + 1}-x`,
        rules: DEFAULT_REACTION_RULES,
        at,
      });
      lines.push({ seq: ++seq, at, kind: "session", session });
      lines.push({
        seq: ++seq,
        at,
        kind: "event",
        session: session.id,
        event: {
          type: "spawned",
          at,
          resources: { workspace: { path: `/ws/${i}`, branch: session.branch }, runtime: { id: `rt-${i}` } },
        },
      });
    }
    // Realistic traffic: activity flips, commits, pushes, CI results.
    for (let n = 0; seq < EVENTS + SESSIONS; n++) {
      const id = `app-${(n % SESSIONS) + 1}`;
      const t = at + n * 10;
      const round = Math.floor(n / SESSIONS);
      const event =
        round % 4 === 0
          ? { type: "agent_active", at: t, source: "output" }
          : round % 4 === 1
            ? { type: "local_commits", at: t, headSha: `sha-${round}` }
            : round % 4 === 2
              ? { type: "agent_idle", at: t, source: "output" }
              : { type: "agent_report", at: t, report: "working" };
      lines.push({ seq: ++seq, at: t, kind: "event", session: id, event });
    }
    writeFileSync(join(dir, "journal.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    return lines.length;
  };
  const records = write();
  globalThis.gc?.();

  /** Wall and CPU time of one open (CPU time is what the goal measures on a shared machine). */
  const timed = async () => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const journal = await Journal.open({ dir, snapshotEvery: 0 });
    const wall = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    return { journal, wall, cpu: (user + system) / 1000 };
  };
  const full = await timed();
  await full.journal.writeSnapshot();
  await full.journal.close();
  const snap = await timed();
  await snap.journal.close();

  const row = (label, r) =>
    `  ${label.padEnd(16)} ${r.cpu.toFixed(0).padStart(6)} ms CPU ${r.wall.toFixed(0).padStart(6)} ms wall   goal < 1000 ms   ${r.cpu < 1000 ? "ok" : "OVER GOAL"}`;
  console.log(`journal-replay: ${records} records (${EVENTS} events, ${SESSIONS} sessions)`);
  console.log(row("full replay", full));
  console.log(row("from snapshot", snap));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
