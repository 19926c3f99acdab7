import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import type { ScmEvent } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scmLocal, { localScmState } from "../src/index.js";
import { BROKEN_ADD, branchWith, type Fixture, fixture, waitForCi } from "./helpers.js";

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await f.cleanup();
});

describe("CI", () => {
  it("runs the command on a new head: pending, then passed, with events", async () => {
    const scm = scmLocal({ ci: "node test.js" });
    const events: ScmEvent[] = [];
    const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e));
    const sha = await branchWith(f, scm, "feature", { "b.txt": "b\n" });
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    expect((await scm.observe(f.project, [1])).get(1)?.ci).toBe("pending");
    const status = await waitForCi(scm, f.project, 1);
    expect(status.ci).toBe("passed");
    expect(events.filter((e) => e.type.startsWith("ci_"))).toEqual([
      expect.objectContaining({ type: "ci_pending", pr: 1, headSha: sha }),
      expect.objectContaining({ type: "ci_passed", pr: 1, headSha: sha }),
    ]);
    expect(await scm.ciFailureLog(f.project, 1)).toBe("");
    unsubscribe();
  });

  it("fails with the log tail, then passes again on a fixed push", async () => {
    const scm = scmLocal({ ci: "node test.js" });
    await branchWith(f, scm, "feature", BROKEN_ADD);
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    const failed = await waitForCi(scm, f.project, 1);
    expect(failed).toMatchObject({ ci: "failed", mergeable: false });
    const log = await scm.ciFailureLog(f.project, 1);
    expect(log).toContain("AssertionError");
    const short = await scm.ciFailureLog(f.project, 1, 120);
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(120);
    expect(log.endsWith(short)).toBe(true);

    await f.repo.git(["checkout", "--quiet", "feature"]);
    await f.repo.git(["revert", "--no-edit", "HEAD"]);
    const fixed = (await scm.push(f.project, { path: f.repo.path, branch: "feature" })).headSha;
    const status = await waitForCi(scm, f.project, 1);
    expect(status).toMatchObject({ ci: "passed", headSha: fixed });
    // The last failure stays available for the record.
    expect(await scm.ciFailureLog(f.project, 1)).toContain("AssertionError");
  });

  it("runs the command with the allow-listed environment, none of ao's secrets", async () => {
    process.env.AO_TEST_CI_SECRET = "ci-must-not-see-this";
    try {
      const scm = scmLocal({ ci: "env; exit 1" });
      const sha = await branchWith(f, scm, "feature", { "b.txt": "b\n" });
      await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
      expect(await waitForCi(scm, f.project, 1)).toMatchObject({ ci: "failed" });
      const log = await scm.ciFailureLog(f.project, 1);
      expect(log).toContain(`AO_CI_SHA=${sha}`);
      expect(log).toMatch(/^PATH=/m);
      expect(log).not.toContain("AO_TEST_CI_SECRET");
      expect(log).not.toContain("ci-must-not-see-this");
    } finally {
      delete process.env.AO_TEST_CI_SECRET;
    }
  });

  it("kills and fails a run that overruns ciTimeout", async () => {
    const scm = scmLocal({ ci: "sleep 20", ciTimeout: "300ms" });
    await branchWith(f, scm, "feature", { "b.txt": "b\n" });
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    const status = await waitForCi(scm, f.project, 1, 10_000);
    expect(status.ci).toBe("failed");
    expect(await scm.ciFailureLog(f.project, 1)).toContain("timed out");
  });

  it("leaves no temporary checkout behind", async () => {
    const scm = scmLocal({ ci: "node test.js" });
    await branchWith(f, scm, "feature", { "b.txt": "b\n" });
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    await waitForCi(scm, f.project, 1);
    const state = await scm.observe(f.project, [1]);
    expect(state.get(1)?.ci).toBe("passed");
    const files = await readdir(`${f.project.dataDir}/ci`);
    expect(files.sort()).toEqual(["1-1.exit", "1-1.log"]);
    const [run] = (await localScmState(f.project.dataDir).get(1)).ciRuns;
    expect(run?.workDir).toBeTruthy();
    expect(existsSync(run?.workDir as string)).toBe(false);
  });

  it("reports CI none without a ci command, and that counts as green", async () => {
    const scm = scmLocal();
    await branchWith(f, scm, "feature", { "b.txt": "b\n" });
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    await scm.review!(f.project, 1, { decision: "approve", body: "" });
    expect((await scm.observe(f.project, [1])).get(1)).toMatchObject({
      ci: "none",
      review: "approved",
      mergeable: true,
    });
  });
});
