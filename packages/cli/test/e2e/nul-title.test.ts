// An issue title holding NUL and terminal control bytes, on the real local stack
// (Markdown tracker, worktrees, local SCM with CI, process runtime): it used to
// make `merge` fail forever ("args must be a string without null bytes").
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { localScmState } from "@ao/scm-local";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createWorld, type DemoWorld } from "../../src/demo/world.js";
import { Daemon, type StatusSession, status } from "./daemon.js";
import { digest, journalFiles, type JournalLine, parseJsonLines, readText } from "./helpers.js";

const TITLE = "Add\u0000 subtract\u0003 now\u001b[201~\u001b[31m in red\u001b[0m\u007f";
/** What is left of it once made inert. */
const INERT = "Add subtract now in red";
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe("an issue title with NUL and control bytes", () => {
  let world: DemoWorld;
  let daemon: Daemon;
  let session: StatusSession | undefined;
  let journal: JournalLine[] = [];

  beforeAll(async () => {
    world = createWorld({ runtime: "process" });
    for (const f of readdirSync(world.issues)) rmSync(join(world.issues, f));
    // The demo agent plays the "subtract" task; YAML carries the bytes as \u escapes.
    const front = `---\ntitle: ${JSON.stringify(TITLE)}\nstate: open\nlabels: [demo]\n---\n`;
    writeFileSync(join(world.issues, "subtract.md"), `${front}Add subtract(a, b).\n`);
    daemon = new Daemon(world.config);
    daemon.start();
    const scm = localScmState(join(world.home, "projects", "demo", "plugins"));
    const deadline = Date.now() + 90_000;
    let approved = false;
    while (Date.now() < deadline) {
      session = (await status(world.config).catch(() => []))[0];
      if (!approved && session?.pr && session.state === "review_pending") {
        await scm.review(session.pr.number, { decision: "approve", body: "", author: "reviewer" });
        approved = true;
      }
      if (session?.state === "merged") break;
      await sleep(250);
    }
    await daemon.stop("SIGTERM");
    journal = journalFiles(join(world.home, "projects", "demo")).flatMap((f) =>
      parseJsonLines(readText(f), f),
    );
  }, 150_000);

  afterAll(async () => {
    await daemon?.stop("SIGKILL");
    if (world) rmSync(world.root, { recursive: true, force: true });
  });

  it("goes through spawn, PR and merge, with the bytes stripped from the PR and the merge commit", () => {
    onTestFailed(() => console.error(`session: ${JSON.stringify(session)}\n${digest(daemon.log, journal)}`));
    expect(session?.state).toBe("merged");
    const message = execFileSync("git", ["log", "-1", "--format=%B", "main"], {
      cwd: world.remote,
      encoding: "utf8",
    });
    expect(message).toContain(INERT);
    expect(message).not.toMatch(ACTIVE);
    const prompt = readText(join(world.home, "projects", "demo", "sessions", session?.id ?? "", "prompt.md"));
    expect(prompt).toContain(INERT);
    expect(prompt).not.toMatch(ACTIVE);
  });
});
