import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ScmEvent } from "@ao/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import scmLocal, { localScmState } from "../src/index.js";
import { branchWith, type Fixture, fixture } from "./helpers.js";

const run = promisify(execFile);
let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await f.cleanup();
});

const until = async (what: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

// What another process (`ao review` next to a running daemon) does to the PR file, written without our code.
const OTHER_PROCESS_REVIEW = `
const fs = require("node:fs");
const [file] = process.argv.slice(1);
const pr = JSON.parse(fs.readFileSync(file, "utf8"));
pr.reviews.push({ id: "review-elsewhere", decision: "request_changes", body: "from another process", author: "lead", headSha: pr.headSha, createdAt: 1 });
fs.writeFileSync(file + ".tmp", JSON.stringify(pr));
fs.renameSync(file + ".tmp", file);
`;

it("hears reviews written by another process, once", async () => {
  const scm = scmLocal();
  await branchWith(f, scm, "feature", { "b.txt": "b\n" });
  await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
  const events: ScmEvent[] = [];
  const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e));
  await new Promise((r) => setTimeout(r, 100));
  await run(process.execPath, ["-e", OTHER_PROCESS_REVIEW, `${f.project.dataDir}/prs/1.json`]);
  await until(() => events.length > 0);
  expect(events).toEqual([
    expect.objectContaining({ type: "changes_requested", pr: 1, deliveryId: "scm-local:review-elsewhere" }),
  ]);

  // In-process writes reach the subscriber exactly once, though the watcher sees the file change too.
  await localScmState(f.project).review(1, { decision: "approve", body: "", author: "lead" });
  await new Promise((r) => setTimeout(r, 300));
  expect(events.map((e) => e.type)).toEqual(["changes_requested", "review_approved"]);
  unsubscribe();
});
