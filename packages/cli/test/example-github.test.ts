import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { unsupportedIntakeFilters } from "../src/plugins/intake-filters.js";
import { resolveSlot } from "../src/plugins/resolve.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "..", "examples", "github", "ao.config.ts");

describe("examples/github/ao.config.ts", () => {
  it("loads, validates, and its intake filter is one the GitHub tracker applies", async () => {
    const config = await loadConfig({ command: "doctor", explicit: EXAMPLE, env: {} });
    const [project] = config.projects;
    expect(project).toMatchObject({ id: "app", repo: "acme/app", defaultBranch: "main" });
    expect(project?.intake).toMatchObject({ auto: true, labels: ["agent"], milestone: "v2" });
    expect(config.resyncIntervalMs).toBe(600_000);
    expect(config.server.publicUrl).toBe("https://ao.example.com");
    const { value, key } = project!.slots.tracker;
    const tracker = await resolveSlot("tracker", value, key, { configDir: config.dir });
    expect(tracker.name).toBe("@ao/tracker-github");
    expect(tracker.plugin.webhookRoute).toBe("github");
    expect(typeof tracker.plugin.webhook).toBe("function");
    expect(unsupportedIntakeFilters("app", project!.intake, tracker.plugin)).toEqual([]);
  });
});
