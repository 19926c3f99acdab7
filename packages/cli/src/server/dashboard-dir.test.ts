import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findDashboard } from "./dashboard-dir.js";

describe("where the dashboard's files are", () => {
  const dir = mkdtempSync(join(tmpdir(), "ao-dash-dir-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes AO_DASHBOARD_DIR when it holds an index.html, and nothing when it does not", async () => {
    const build = join(dir, "build");
    mkdirSync(build);
    expect(await findDashboard({ AO_DASHBOARD_DIR: build })).toBeUndefined();
    writeFileSync(join(build, "index.html"), "<!doctype html>");
    expect(await findDashboard({ AO_DASHBOARD_DIR: build })).toBe(build);
    expect(await findDashboard({ AO_DASHBOARD_DIR: join(dir, "missing") })).toBeUndefined();
  });
});
