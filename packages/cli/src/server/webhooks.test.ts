import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type EngineProject } from "@ao/engine";
import {
  fakeAgent,
  fakeLifecycle,
  fakeRuntime,
  fakeScm,
  fakeTracker,
  fakeWorkspace,
  testProject,
} from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { webhookRoute, webhookRoutes } from "./webhooks.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("webhook routes", () => {
  it("a plugin's declared route wins over its package name", () => {
    expect(webhookRoute({ name: "@ao/scm-github", webhookRoute: "github" })).toBe("github");
    expect(webhookRoute({ name: "@ao/scm-local" })).toBe("scm-local");
    expect(webhookRoute("@acme/ao-tracker-x")).toBe("acme-ao-tracker-x");
  });

  it("one tracker instance shared by two projects verifies a delivery once; both projects get its events", async () => {
    const home = mkdtempSync(join(tmpdir(), "ao-webhooks-"));
    dirs.push(home);
    const tracker = fakeTracker({ secret: "s", webhookRoute: "github", issues: [] });
    const scm = fakeScm({ secret: "s", webhookRoute: "github" });
    const project = (id: string): EngineProject => ({
      ref: testProject({ id, path: join(home, id), dataDir: join(home, id, "data") }),
      plugins: {
        runtime: fakeRuntime(),
        agent: fakeAgent(),
        workspace: fakeWorkspace({ root: join(home, "ws") }),
        tracker,
        scm,
        notifiers: [],
        lifecycle: fakeLifecycle(),
      },
      intake: { auto: false, labels: [], maxConcurrent: 1 },
    });
    const engine = createEngine({ home, projects: [project("a"), project("b")], env: {} });
    try {
      const routes = webhookRoutes(engine, [project("a"), project("b")]);
      expect([...routes.keys()]).toEqual(["github"]);
      const body = JSON.stringify([{ type: "issue_closed", issue: "1", deliveryId: "x" }]);
      const out = await routes.get("github")?.({
        headers: { "x-ao-signature": tracker.control.sign(body) },
        body: Buffer.from(body),
      });
      // Two projects, one event each; each shared instance was asked once.
      expect(out).toEqual({ events: 2 });
      expect(tracker.control.calls.webhook).toBe(1);
      expect(scm.control.calls.webhook).toBe(1);
    } finally {
      await engine.stop();
    }
  });
});
