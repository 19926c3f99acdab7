// One session of the local stack (Markdown tracker, worktrees, local SCM with CI) whose agent,
// the demo's scripted agent run by the `command` plugin, lives in a Docker container on a real
// engine: its first push fails CI, it fixes it inside the container, and the PR merges.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { localScmState } from "@ao/scm-local";
import { buildTestImage, type DockerEngine, dockerCli, skipWithout, startDockerEngine } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createWorld, type DemoWorld, demoAgentPath } from "../../src/demo/world.js";
import { Daemon, type StatusSession, status } from "./daemon.js";
import { digest, journalFiles, type JournalLine, parseJsonLines, readText } from "./helpers.js";

let engine: DockerEngine | undefined;
let reason = "";
try {
  engine = await startDockerEngine();
} catch (error) {
  reason = (error as Error).message;
}

// Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout(`a Docker engine (${reason})`, engine !== undefined))(
  "a session in a Docker container",
  () => {
    let world: DemoWorld;
    let daemon: Daemon;
    let session: StatusSession | undefined;
    let journal: JournalLine[] = [];
    let seenContainer = "";
    const SECRET = `demo-secret-${process.pid}-${Date.now()}`;

    beforeAll(async () => {
      const e = engine as DockerEngine;
      const image = await buildTestImage(e);
      world = createWorld({ runtime: "process" });
      // Only the multiply issue: CI fails once, the agent fixes it, then it merges.
      for (const f of readdirSync(world.issues)) if (f !== "multiply.md") rmSync(join(world.issues, f));
      const text = readFileSync(world.config, "utf8");
      const config = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
      config.defaults.runtime = ["docker", { image, socketPath: e.socketPath }];
      // The host's script path is not in the container: the image's node runs the script's text.
      const script = readFileSync(demoAgentPath(), "utf8").replace(/^#!.*\n/, "");
      config.defaults.agent = [
        "command",
        { run: ["node", "--input-type=module", "-e", script], messageFormat: "jsonl", idleAfter: "600ms" },
      ];
      config.defaults.agentEnv = ["AO_DEMO_SECRET"];
      config.reactions["approved-and-green"] = { auto: true, action: "merge" };
      writeFileSync(world.config, `export default ${JSON.stringify(config, null, 2)};\n`);
      daemon = new Daemon(world.config, { ...process.env, AO_DEMO_SECRET: SECRET });
      daemon.start();
      const scm = localScmState(join(world.home, "projects", "demo", "plugins"));
      const deadline = Date.now() + 150_000;
      let approved = false;
      while (Date.now() < deadline) {
        session = (await status(world.config).catch(() => []))[0];
        if (!approved && session?.pr && session.state === "review_pending") {
          await scm.review(session.pr.number, { decision: "approve", body: "", author: "reviewer" });
          approved = true;
        }
        if (!seenContainer && session && session.state !== "merged") {
          const ids = dockerCli(e, ["ps", "-q", "--filter", "label=ao.project=demo"]).trim();
          if (ids)
            seenContainer = dockerCli(e, ["inspect", "-f", "{{json .Config.Labels}}", ...ids.split("\n")]);
        }
        if (session?.state === "merged") break;
        await sleep(250);
      }
      await daemon.stop("SIGTERM");
      journal = journalFiles(join(world.home, "projects", "demo")).flatMap((f) =>
        parseJsonLines(readText(f), f),
      );
    }, 240_000);

    afterAll(async () => {
      await daemon?.stop("SIGKILL");
      if (engine && world) {
        const ids = dockerCli(engine, ["ps", "-aq", "--filter", "label=ao.project=demo"]).trim();
        if (ids) dockerCli(engine, ["rm", "-f", ...ids.split("\n")]);
      }
      if (world) rmSync(world.root, { recursive: true, force: true });
      // An engine this file started is stopped (a found one is left alone).
      await engine?.stop();
    });

    it("goes through CI failure, the agent's fix in the container, review and merge", () => {
      onTestFailed(() =>
        console.error(`session: ${JSON.stringify(session)}\n${digest(daemon.log, journal)}`),
      );
      expect(session?.state).toBe("merged");
      const events = journal.flatMap((l) => (l.kind === "event" ? [(l.event as { type: string }).type] : []));
      expect(events).toContain("ci_failed");
      expect(events.indexOf("ci_passed")).toBeGreaterThan(events.indexOf("ci_failed"));
      // The agent ran in a container labelled for this session, removed at cleanup.
      expect(seenContainer).toContain(`"ao.session":"${session?.id}"`);
      expect(
        dockerCli(engine as DockerEngine, ["ps", "-aq", "--filter", "label=ao.project=demo"]).trim(),
      ).toBe("");
      // The agent's granted secret never reached the journal or the daemon's log.
      expect(JSON.stringify(journal)).not.toContain(SECRET);
      expect(daemon.log).not.toContain(SECRET);
    });
  },
);
