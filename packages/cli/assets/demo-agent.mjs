#!/usr/bin/env node
// The scripted agent of `ao demo`: a stand-in for a coding-agent CLI that
// edits, commits and answers follow-up messages the way a real agent would,
// deterministically. It reads its first prompt from AO_PROMPT_FILE and each
// follow-up as one JSON object per line on stdin ({"type":"message","text":...}).
// Which task it plays comes from AO_ISSUE; its plan is in DEMO_PLANS below.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const cwd = process.cwd();
const issue = process.env.AO_ISSUE ?? "";
const say = (line) => process.stdout.write(`${line}\n`);
// A git command that finds the index locked by a concurrent reader (ao probing
// the worktree) is retried a few times, as a person would simply run it again.
const git = (...args) => {
  for (let attempt = 0; ; attempt++) {
    try {
      return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (error) {
      if (attempt >= 20 || !/index\.lock/.test(String(error.stderr ?? ""))) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
};
const write = (file, text) => {
  mkdirSync(join(cwd, file, ".."), { recursive: true });
  writeFileSync(join(cwd, file), text);
};
const commit = (message) => {
  git("add", "-A");
  git("commit", "-q", "-m", message);
  say(`  committed ${git("rev-parse", "--short", "HEAD")}: ${message}`);
};
const addFeatureLine = (name) => appendFileSync(join(cwd, "FEATURES.md"), `- ${name}\n`);

const fnFile = (name, body) => `// ${name}: added by the demo agent\nexports.${name} = ${body};\n`;
const testFile = (name, cases) =>
  `const assert = require("node:assert");\nconst { ${name} } = require("../src/${name}.js");\n${cases
    .map((c) => `assert.strictEqual(${c}, true, ${JSON.stringify(c)});`)
    .join("\n")}\n`;

/** Per issue: the first attempt, and what each kind of follow-up does. */
const DEMO_PLANS = {
  // CI fails once, is fixed, then a review asks for a doc comment.
  multiply: {
    start() {
      write("src/multiply.js", fnFile("multiply", "(a, b) => a + b"));
      write("tests/multiply.test.js", testFile("multiply", ["multiply(2, 3) === 6", "multiply(0, 5) === 0"]));
      addFeatureLine("multiply(a, b)");
      commit("Add multiply");
    },
    ci() {
      write("src/multiply.js", fnFile("multiply", "(a, b) => a * b"));
      commit("Fix multiply: use *, not +");
    },
    review() {
      write("src/multiply.js", `/** Multiplies two numbers. */\n${fnFile("multiply", "(a, b) => a * b")}`);
      commit("Document multiply");
    },
  },
  // Green at once; conflicts on FEATURES.md once multiply is merged.
  subtract: {
    start() {
      write("src/subtract.js", fnFile("subtract", "(a, b) => a - b"));
      write("tests/subtract.test.js", testFile("subtract", ["subtract(5, 3) === 2"]));
      addFeatureLine("subtract(a, b)");
      commit("Add subtract");
    },
    ci() {},
    review() {},
  },
  // CI never goes green: every fix is wrong in a new way.
  divide: {
    attempt: 0,
    start() {
      write("src/divide.js", fnFile("divide", "(a, b) => a * b"));
      write("tests/divide.test.js", testFile("divide", ["divide(6, 3) === 2", "Number.isNaN(divide(0, 0))"]));
      commit("Add divide");
    },
    ci() {
      this.attempt++;
      write("src/divide.js", fnFile("divide", `(a, b) => a / b + ${this.attempt}`));
      commit(`Try to fix divide (attempt ${this.attempt})`);
    },
    review() {},
  },
};

/** Rebase on the default branch; resolve FEATURES.md by keeping both sides. */
function rebase(defaultBranch) {
  git("fetch", "-q", "origin", defaultBranch);
  try {
    git("-c", "core.editor=true", "rebase", `origin/${defaultBranch}`);
  } catch {
    const file = join(cwd, "FEATURES.md");
    const merged = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !/^(<<<<<<<|=======|>>>>>>>)/.test(line))
      .join("\n");
    writeFileSync(file, merged);
    git("add", "FEATURES.md");
    execFileSync("git", ["-c", "core.editor=true", "rebase", "--continue"], {
      cwd,
      stdio: "ignore",
      env: { ...process.env, GIT_EDITOR: "true" },
    });
  }
  say(`  rebased on origin/${defaultBranch}: ${git("rev-parse", "--short", "HEAD")}`);
}

const plan = Object.entries(DEMO_PLANS).find(([key]) => issue.includes(key))?.[1];
const prompt =
  process.env.AO_PROMPT_FILE && existsSync(process.env.AO_PROMPT_FILE)
    ? readFileSync(process.env.AO_PROMPT_FILE, "utf8")
    : "";
say(`demo agent: ${issue || "(no issue)"}; prompt of ${prompt.length} chars`);
if (plan) plan.start();
else say("  nothing scripted for this issue; waiting for messages");
say("demo agent: done, waiting for follow-ups");

function handle(text) {
  say(`demo agent: got a message of ${text.length} chars`);
  if (!plan) return;
  if (/rebase/i.test(text)) {
    const branch = /origin\/([\w./-]+)/.exec(text)?.[1] ?? "main";
    rebase(branch.replace(/[.,;:]+$/, ""));
  } else if (/\bCI\b|check|test/i.test(text) && /fail/i.test(text)) {
    plan.ci();
  } else if (/review|change/i.test(text)) {
    plan.review();
  } else {
    say("  (noted)");
  }
  say("demo agent: done, waiting for follow-ups");
}

// On a terminal, read raw so a long line is not cut by the line discipline.
// A runtime may still split a very long line into pieces: a JSON message that
// does not parse yet is kept and completed by the pieces that follow.
let buffer = "";
let partial = "";
function onLine(line) {
  const candidate = partial + line;
  if (!candidate.startsWith("{")) {
    partial = "";
    handle(line);
    return;
  }
  // A message pasted but never submitted (its sender was killed before Enter) sits in
  // front of the next one on the same line; that next one is the retry, so start there.
  const last = candidate.lastIndexOf('{"type":"message"');
  for (const text of last > 0 ? [candidate, candidate.slice(last)] : [candidate]) {
    try {
      const message = JSON.parse(text);
      partial = "";
      handle(typeof message.text === "string" ? message.text : text);
      return;
    } catch {
      // not a whole message (yet)
    }
  }
  partial = candidate.length > 1_000_000 ? "" : candidate;
}
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let end = buffer.search(/[\r\n]/);
  while (end >= 0) {
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + 1);
    if (line.trim()) onLine(line);
    end = buffer.search(/[\r\n]/);
  }
});
process.stdin.on("end", () => process.exit(0));
