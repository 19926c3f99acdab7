#!/usr/bin/env node
// Cold start of the CLI: `ao --version` and `ao status --json` over a journal
// of 100 sessions, each the median of repeated runs, beside `node -e 0` (the
// floor: Node's own start-up on this machine). Needs `pnpm build` first.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages", "cli", "dist", "bin.js");
const core = await import(join(root, "packages", "core", "dist", "index.js"));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const dir = mkdtempSync(join(tmpdir(), "ao-bench-cli-"));
const home = join(dir, "home");
const journalDir = join(home, "projects", "app");
mkdirSync(journalDir, { recursive: true });
const lines = [];
let seq = 0;
const t0 = Date.UTC(2026, 0, 1);
for (let i = 1; i <= 100; i++) {
  const session = core.createSession({
    id: `app-${i}`,
    project: "app",
    issue: String(i),
    branch: `ao/${i}-bench`,
    rules: core.DEFAULT_REACTION_RULES,
    at: t0 + i,
  });
  lines.push({ seq: ++seq, at: t0 + i, kind: "session", session });
  const resources = { workspace: { path: `/tmp/w${i}`, branch: session.branch }, runtime: { id: `r${i}` } };
  lines.push({
    seq: ++seq,
    at: t0 + i + 1,
    kind: "event",
    session: session.id,
    event: { type: "spawned", at: t0 + i + 1, resources },
  });
  lines.push({
    seq: ++seq,
    at: t0 + i + 2,
    kind: "event",
    session: session.id,
    event: { type: "agent_active", at: t0 + i + 2, source: "output" },
  });
}
writeFileSync(join(journalDir, "journal.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
// A config whose plugins are named by string: status must not import them.
writeFileSync(
  join(dir, "ao.config.ts"),
  `import { defineConfig } from "@ao/cli";\nexport default defineConfig({ projects: { app: { repo: "acme/app", path: "." } } });\n`,
);

function median(argv, cwd) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, {
      cwd,
      env: { ...process.env, AO_HOME: home, NO_COLOR: "1" },
      encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

try {
  const check = spawnSync(process.execPath, [bin, "status", "--json"], {
    cwd: dir,
    env: { ...process.env, AO_HOME: home },
    encoding: "utf8",
  });
  const count = JSON.parse(check.stdout).sessions.length;
  if (count !== 100) throw new Error(`expected 100 sessions, got ${count}`);
  const rows = [
    ["node -e 0", median(["-e", "0"], dir)],
    ["ao --version", median([bin, "--version"], dir)],
    ["ao status --json (100 sessions, with config)", median([bin, "status", "--json"], dir)],
    ["ao status --json (100 sessions, no config)", median([bin, "status", "--json"], home)],
  ];
  const floor = rows[0][1];
  console.log(`cold start, median of ${RUNS} runs (Node ${process.versions.node})`);
  for (const [name, ms] of rows) {
    console.log(
      `  ${name.padEnd(48)} ${ms.toFixed(1).padStart(7)} ms${name === "node -e 0" ? "" : `  (+${(ms - floor).toFixed(1)} ms over node)`}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
