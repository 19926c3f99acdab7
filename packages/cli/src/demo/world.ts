import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The throw-away world `ao demo` runs in. */
export interface DemoWorld {
  root: string;
  /** The user's checkout. */
  repo: string;
  /** The bare repository that plays the remote. */
  remote: string;
  /** The local tracker's issues folder. */
  issues: string;
  /** AO_HOME of the demo. */
  home: string;
  config: string;
  runtime: "tmux" | "process";
  /** The tmux socket (`tmux -L`) of the demo, so it never touches the user's sessions. */
  socket: string;
}

const IDENTITY = ["-c", "user.name=ao demo", "-c", "user.email=demo@ao.invalid"];

const FILES: Record<string, string> = {
  "package.json": `${JSON.stringify({ name: "demo-calc", private: true, scripts: { test: "node test.js" } }, null, 2)}\n`,
  "test.js": [
    "// Runs every tests/*.test.js file; exits non-zero on the first failure.",
    'const { readdirSync } = require("node:fs");',
    'for (const file of readdirSync(__dirname + "/tests").filter((f) => f.endsWith(".test.js")).sort()) {',
    '  require("./tests/" + file);',
    '  console.log("ok " + file);',
    "}",
    "",
  ].join("\n"),
  "src/add.js": "exports.add = (a, b) => a + b;\n",
  "tests/add.test.js":
    'const assert = require("node:assert");\nconst { add } = require("../src/add.js");\nassert.strictEqual(add(2, 3), 5);\n',
  "FEATURES.md": "# Features\n\n- add(a, b)\n",
};

/** The demo's issues: each one is a scenario the scripted agent plays. */
export const DEMO_ISSUES = [
  {
    id: "multiply",
    title: "Add a multiply function",
    body: "Add `multiply(a, b)` in src/multiply.js with a test, and list it in FEATURES.md.",
  },
  {
    id: "subtract",
    title: "Add a subtract function",
    body: "Add `subtract(a, b)` in src/subtract.js with a test, and list it in FEATURES.md.",
  },
  {
    id: "divide",
    title: "Add a divide function",
    body: "Add `divide(a, b)` in src/divide.js with a test; `divide(0, 0)` must be NaN.",
  },
] as const;

function git(cwd: string, args: string[]): string {
  return execFileSync("git", [...IDENTITY, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function hasTmux(): boolean {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The scripted agent shipped with the CLI (assets/demo-agent.mjs). */
export function demoAgentPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Bundled, this code sits in dist/; run from source (tests), in src/demo/.
  const candidates = [
    join(here, "..", "assets", "demo-agent.mjs"),
    join(here, "..", "..", "assets", "demo-agent.mjs"),
  ];
  return candidates.find((file) => existsSync(file)) ?? (candidates[0] as string);
}

/** Build the repository, its bare remote, the issues and the config. */
export function createWorld(options: { runtime?: "tmux" | "process" } = {}): DemoWorld {
  const root = mkdtempSync(join(tmpdir(), "ao-demo-"));
  const repo = join(root, "repo");
  const remote = join(root, "remote.git");
  const issues = join(root, "issues");
  const home = join(root, "home");
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), text);
  }
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
  git(remote, ["config", "user.name", "ao demo"]);
  git(remote, ["config", "user.email", "demo@ao.invalid"]);
  git(repo, ["init", "-q", "-b", "main"]);
  // The scripted agent commits in worktrees of this repo, which share its config.
  git(repo, ["config", "user.name", "ao demo agent"]);
  git(repo, ["config", "user.email", "agent@ao.invalid"]);
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", "A tiny calculator"]);
  git(repo, ["remote", "add", "origin", remote]);
  git(repo, ["push", "-q", "-u", "origin", "main"]);

  mkdirSync(issues, { recursive: true });
  for (const issue of DEMO_ISSUES) {
    const text = `---\ntitle: ${JSON.stringify(issue.title)}\nstate: open\nlabels: [demo]\n---\n${issue.body}\n`;
    writeFileSync(join(issues, `${issue.id}.md`), text);
  }

  const runtime = options.runtime ?? (hasTmux() ? "tmux" : "process");
  const socket = `ao-demo-${process.pid}`;
  const config = join(root, "ao.config.mjs");
  writeFileSync(config, configText({ repo, remote, issues, home, runtime, socket }));
  return { root, repo, remote, issues, home, config, runtime, socket };
}

function configText(
  w: Pick<DemoWorld, "repo" | "remote" | "issues" | "home" | "runtime" | "socket">,
): string {
  const config = {
    dataDir: w.home,
    defaults: {
      runtime: w.runtime === "tmux" ? ["tmux", { socket: w.socket }] : "process",
      agent: [
        "command",
        { run: [process.execPath, demoAgentPath()], messageFormat: "jsonl", idleAfter: "600ms" },
      ],
      workspace: "worktree",
      tracker: ["local", { dir: w.issues }],
      scm: ["local", { ci: "node test.js" }],
      notifiers: [["console", { stream: "stderr" }]],
      terminal: "tmux",
    },
    projects: {
      demo: {
        repo: w.remote,
        path: w.repo,
        defaultBranch: "main",
        intake: { auto: true, labels: ["demo"], maxConcurrent: 3 },
      },
    },
    reactions: {
      "ci-failed": { auto: true, action: "send-to-agent", retries: 2 },
      "merge-conflict": { auto: true, action: "send-to-agent", retries: 2 },
      "changes-requested": { auto: true, action: "send-to-agent", escalateAfter: "10m" },
      "approved-and-green": { auto: true, action: "merge" },
      "agent-stuck": { threshold: "10m", action: "notify" },
    },
    pollInterval: "200ms",
    server: { port: 0 },
  };
  return `// Written by \`ao demo\`: the embedded local stack on a throw-away repo.\nexport default ${JSON.stringify(config, null, 2)};\n`;
}
