import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScmEvent } from "@ao/core";
import { createEngine, type EngineApi } from "@ao/engine";
import {
  type Clock,
  fakeAgent,
  fakeLifecycle,
  fakeNotifier,
  fakeRuntime,
  fakeTracker,
  fakeWorkspace,
  tempDir,
} from "@ao/testkit";
import type { GitHubFixture } from "./helpers.js";

export interface EngineWithGitHub {
  engine: EngineApi;
  home: string;
  /** Where the fake GitHub delivers webhooks: verifies through the plugin, then ingests like the daemon's route. */
  hookUrl: string;
  /** Deliveries the receiver refused (bad signature, too large, …), with the error code. */
  refused: string[];
  /** Tell the fake workspace a branch exists on the remote (claim-pr checks it out from there). */
  pushBranch(branch: string, sha: string): void;
  /** Events the plugin mapped from accepted deliveries. */
  mapped: ScmEvent[];
  close(): Promise<void>;
}

/**
 * The engine over scm-github (against the fake GitHub) and testkit fakes for
 * the other slots, plus a webhook receiver that does what the daemon's
 * webhook route does: plugin.webhook(), 401 on failure, engine.ingest() per event.
 */
export async function engineWithGitHub(f: GitHubFixture, clock?: Clock): Promise<EngineWithGitHub> {
  const dir = await tempDir("ao-scm-github-engine-");
  const workspace = fakeWorkspace({ root: `${dir.path}/ws` });
  const engine = createEngine({
    home: dir.path,
    projects: [
      {
        ref: f.project,
        plugins: {
          runtime: fakeRuntime(),
          agent: fakeAgent(),
          workspace,
          tracker: fakeTracker({ issues: [] }),
          scm: f.plugin,
          notifiers: [fakeNotifier()],
          lifecycle: fakeLifecycle(),
        },
        intake: { auto: false, labels: [], maxConcurrent: 5 },
      },
    ],
    pollIntervalMs: 3_600_000,
    callTimeoutMs: 20_000,
    ...(clock ? { clock } : {}),
    env: {},
  });
  const receiver = await engineReceiver(f, engine);
  return {
    engine,
    pushBranch: (branch, sha) => workspace.control.pushBranch(branch, sha),
    home: dir.path,
    hookUrl: receiver.url,
    refused: receiver.refused,
    mapped: receiver.mapped,
    async close() {
      await engine.stop();
      await receiver.close();
      await dir.cleanup();
    },
  };
}

/** What the daemon's webhook route does, on a port of its own: plugin.webhook(), 401 on failure, ingest per event. */
export async function engineReceiver(f: GitHubFixture, engine: EngineApi) {
  const refused: string[] = [];
  const mapped: ScmEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
      );
      try {
        const events = (await f.plugin.webhook?.({ headers, body: Buffer.concat(chunks) })) ?? [];
        mapped.push(...events);
        for (const event of events)
          await engine.ingest(f.project.id, event, { actor: { kind: "webhook", route: "github" } });
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ events: events.length }));
      } catch (error) {
        refused.push((error as { code?: string }).code ?? "ERROR");
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`;
  return {
    url,
    refused,
    mapped,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
