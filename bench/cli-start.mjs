#!/usr/bin/env node
// Cold start of the CLI: `ao --version`, `ao status --json` over a journal of
// 100 sessions (with and without a config), and over 1,000 sessions and a
// 1M-event journal (goal: within 30 ms of `ao --version`), each the median of
// repeated runs, beside `node -e 0` (the floor: Node's own start-up on this
// machine). Needs `pnpm build` first.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages", "cli", "dist", "bin.js");
const core = await import(join(root, "packages", "core", "dist", "index.js"));
const { Journal } = await import(join(root, "packages", "engine", "dist", "index.js"));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BIG_SESSIONS = 1_000;
const BIG_EVENTS = Number(process.env.BENCH_BIG_EVENTS ?? 1_000_000);
const GOAL_MS = 30;
const CONFIG = `import { defineConfig } from "@ao/cli";\nexport default defineConfig({ projects: { app: { repo: "acme/app", path: "." } } });\n`;
const t0 = Date.UTC(2026, 0, 1);

/** The records of one session: created, spawned, then `events - 2` activity flips. */
function sessionLines(i, firstSeq, events) {
  const session = core.createSession({
    id: `app-${i}`,
    project: "app",
    issue: String(i),
    branch: `ao/${i}-bench`,
    rules: core.DEFAULT_REACTION_RULES,
    at: t0 + i,
  });
  let seq = firstSeq;
  const resources = { workspace: { path: `/tmp/w${i}`, branch: session.branch }, runtime: { id: `r${i}` } };
  const out = [
    { seq: seq++, at: t0 + i, kind: "session", session },
    {
      seq: seq++,
      at: t0 + i + 1,
      kind: "event",
      session: session.id,
      event: { type: "spawned", at: t0 + i + 1, resources },
    },
  ];
  for (let n = 2; n < events; n++) {
    const type = n % 2 ? "agent_idle" : "agent_active";
    out.push({
      seq: seq++,
      at: t0 + i + n,
      kind: "event",
      session: session.id,
      event: { type, at: t0 + i + n, source: "output" },
    });
  }
  return out.map((l) => `${JSON.stringify(l)}\n`).join("");
}

/** A home whose project "app" has `sessions` sessions and `events` records in all. */
async function makeHome(home, sessions, events) {
  const dir = join(home, "projects", "app");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "journal.jsonl");
  writeFileSync(file, "");
  const per = Math.floor(events / sessions);
  for (let i = 1, seq = 1; i <= sessions; i++, seq += per) appendFileSync(file, sessionLines(i, seq, per));
  if (events < 1000) return;
  // A long-running project: the engine has snapshotted it (as its open does on a long tail)
  // and a few hundred records came after the last snapshot.
  const journal = await Journal.open({ dir });
  await journal.writeSnapshot();
  for (let n = 0; n < 500; n++) {
    const id = `app-${(n % sessions) + 1}`;
    await journal.commit({
      at: t0 + events + n,
      kind: "event",
      session: id,
      event: { type: "agent_active", at: t0 + events + n, source: "output" },
    });
  }
  await journal.close();
}

/** The nearest ao.config.* at or above `dir`, if any (the bench's "no config" row must have none). */
function configAbove(dir) {
  for (let d = dir; ; d = dirname(d)) {
    const hit = ["ao.config.ts", "ao.config.mts", "ao.config.js", "ao.config.mjs"].find((n) =>
      existsSync(join(d, n)),
    );
    if (hit) return join(d, hit);
    if (dirname(d) === d) return undefined;
  }
}

/** CPU time (user + system, ms) of this process's reaped children, on Linux; undefined elsewhere. */
function childrenCpuMs() {
  try {
    // Fields after the ")" of comm: cutime and cstime are the 14th and 15th, in clock ticks (USER_HZ, 100).
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Median wall time, and mean CPU time (less sensitive to a busy machine), of `RUNS` runs. */
function median(argv, cwd, home) {
  const times = [];
  const cpuBefore = childrenCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, {
      cwd,
      env: { ...process.env, AO_HOME: home, AO_CONFIG: "", NO_COLOR: "1" },
      encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const cpuAfter = childrenCpuMs();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / RUNS;
  return { ms: times[Math.floor(times.length / 2)], cpu };
}

function sessionCount(cwd, home) {
  const r = spawnSync(process.execPath, [bin, "status", "--json"], {
    cwd,
    env: { ...process.env, AO_HOME: home, AO_CONFIG: "" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ao status failed: ${r.stderr}`);
  return JSON.parse(r.stdout).sessions.length;
}

// Three separate temp dirs: a config dir for each home, and a bare one with no config above it.
const small = mkdtempSync(join(tmpdir(), "ao-bench-cli-"));
const big = mkdtempSync(join(tmpdir(), "ao-bench-cli-big-"));
const bare = mkdtempSync(join(tmpdir(), "ao-bench-cli-bare-"));
try {
  const found = configAbove(bare);
  if (found)
    throw new Error(`the "no config" row would find ${found}: set TMPDIR to a directory without one`);
  const smallHome = join(small, "home");
  await makeHome(smallHome, 100, 300);
  writeFileSync(join(small, "ao.config.ts"), CONFIG);
  const bigHome = join(big, "home");
  await makeHome(bigHome, BIG_SESSIONS, BIG_EVENTS);
  writeFileSync(join(big, "ao.config.ts"), CONFIG);
  if (sessionCount(small, smallHome) !== 100) throw new Error("expected 100 sessions");
  if (sessionCount(big, bigHome) !== BIG_SESSIONS) throw new Error(`expected ${BIG_SESSIONS} sessions`);

  const version = median([bin, "--version"], bare, smallHome);
  const bigLabel = `ao status --json (${BIG_SESSIONS} sessions, ${BIG_EVENTS / 1e6}M events)`;
  const rows = [
    ["node -e 0", median(["-e", "0"], bare, smallHome)],
    ["ao --version", version],
    ["ao status --json (100 sessions, with config)", median([bin, "status", "--json"], small, smallHome)],
    ["ao status --json (100 sessions, no config)", median([bin, "status", "--json"], bare, smallHome)],
    [bigLabel, median([bin, "status", "--json"], big, bigHome)],
  ];
  const floor = rows[0][1].ms;
  const cpuText = (cpu) => (cpu === undefined ? "" : `  cpu ${cpu.toFixed(0).padStart(4)} ms`);
  console.log(
    `cold start, median wall time and mean CPU time of ${RUNS} runs (Node ${process.versions.node})`,
  );
  for (const [name, { ms, cpu }] of rows) {
    const over = name === "node -e 0" ? "" : `  (+${(ms - floor).toFixed(1)} ms over node)`;
    const goal =
      name === bigLabel
        ? `  goal: within ${GOAL_MS} ms of ao --version: +${(ms - version.ms).toFixed(1)} ms wall${cpu !== undefined && version.cpu !== undefined ? `, +${(cpu - version.cpu).toFixed(0)} ms cpu` : ""}`
        : "";
    console.log(`  ${name.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms${cpuText(cpu)}${over}${goal}`);
  }
} finally {
  for (const d of [small, big, bare]) rmSync(d, { recursive: true, force: true });
}
