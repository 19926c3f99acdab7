import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

// claim-pr, review and merge against the fake SCM, whose world is a JSON file.
describe("PR commands without a daemon", () => {
  let world: ReturnType<typeof fakeWorld>;
  const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });

  beforeAll(() => {
    world = fakeWorld();
  });
  afterAll(() => world.cleanup());

  it("review and merge need a PR; claim-pr attaches one; review and merge act on it", async () => {
    const spawned = JSON.parse((await run("spawn", "1", "--json")).stdout).sessions[0];
    const noPr = await run("merge", spawned.id);
    expect(noPr.code).toBe(1);
    expect(noPr.stderr).toContain("has no pull request yet");
    expect((await run("review", spawned.id)).code).toBe(2);
    expect((await run("claim-pr", "abc")).code).toBe(2);

    // Someone opened PR #7 for the session's branch by hand.
    const file = join(world.env.AO_TEST_WORLD as string, "scm.json");
    const scm = JSON.parse(readFileSync(file, "utf8"));
    scm.prs["7"] = {
      number: 7,
      url: "https://scm.test/acme/app/pull/7",
      branch: spawned.branch,
      headSha: "a".repeat(40),
      state: "open",
      ci: "passed",
      review: "pending",
      mergeable: true,
      conflict: false,
      project: "app",
      base: "main",
      title: "Issue 1",
      body: "",
      ciLog: "",
      comments: [],
    };
    scm.nextPr = 8;
    writeFileSync(file, JSON.stringify(scm));

    const claimed = await run("claim-pr", "7", spawned.id, "--json");
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(JSON.parse(claimed.stdout).session.pr).toMatchObject({
      number: 7,
      url: "https://scm.test/acme/app/pull/7",
    });

    const reviewed = await run("review", spawned.id, "--approve", "--json");
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(JSON.parse(reviewed.stdout).session.pr.review).toBe("approved");

    const merged = await run("merge", spawned.id, "--json");
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout).session.state).toBe("merged");
    expect(JSON.parse(readFileSync(file, "utf8")).prs["7"].state).toBe("merged");
  });
});
