// The web terminal in the browser: a daemon with the tmux runtime, an agent
// that answers what is typed into its terminal, and the session page's xterm.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { skipWithout } from "@ao/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorld, type DemoWorld } from "../../src/demo/world.js";
import { type Daemon, startDaemon, stopDaemon } from "../daemon-helpers.js";
import { FIXTURES, hasTmux, killTmuxServer } from "../e2e/helpers.js";
import { hasChromium, launchChromium, screenshotDir, VIEWPORTS } from "./browser.js";

// Under AO_TEST_FULL=1 (CI) a missing Chromium or tmux fails this suite instead of skipping it.
describe.skipIf(skipWithout("chromium", hasChromium) || skipWithout("tmux", hasTmux))(
  "the web terminal in a browser",
  () => {
    let world: DemoWorld;
    let daemon: Daemon;
    let browser: Browser;
    let page: Page;
    let id = "";
    const screen = () => page.locator("[data-terminal-state] .xterm-rows");
    const journal = () => readFileSync(join(world.home, "projects", "demo", "journal.jsonl"), "utf8");

    beforeAll(async () => {
      world = createWorld({ runtime: "tmux" });
      const text = readFileSync(world.config, "utf8");
      const config = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf(";")));
      config.defaults.agent = [
        "command",
        {
          run: [process.execPath, join(FIXTURES, "echo-agent.mjs")],
          messageFormat: "jsonl",
          idleAfter: "600ms",
        },
      ];
      config.projects.demo.intake.auto = false;
      writeFileSync(world.config, `export default ${JSON.stringify(config, null, 2)};\n`);
      const env = { ...process.env, AO_HOME: world.home, NO_COLOR: "1", AO_CONFIG: "" };
      daemon = await startDaemon({ dir: world.root, env, cleanup() {} }, env, [
        "--config",
        world.config,
        "--json",
      ]);
      await vi.waitFor(() => expect(daemon.stdout()).toContain("loginUrl"), { timeout: 10_000 });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
      await page.goto(JSON.parse(daemon.stdout()).loginUrl);
      await page.getByRole("heading", { name: "All projects" }).waitFor();
      const res = await fetch(`http://127.0.0.1:${daemon.port}/api/sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${daemon.token}`, "content-type": "application/json" },
        body: JSON.stringify({ project: "demo", prompt: "echo what is typed" }),
      });
      expect(res.status).toBe(201);
      id = ((await res.json()) as { session: { id: string } }).session.id;
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      if (daemon) await stopDaemon(daemon);
      if (!world) return;
      killTmuxServer(world.socket);
      rmSync(world.root, { recursive: true, force: true });
    });

    it("shows the agent's output, delivers what is typed, and journals only its size", async () => {
      await page.locator(`[data-session="${id}"]`).getByRole("link", { name: id }).click();
      await page.locator('[data-terminal-state="open"]').waitFor({ timeout: 20_000 });
      await vi.waitFor(async () => expect(await screen().textContent()).toContain("echo-agent ready"), {
        timeout: 20_000,
      });
      // xterm rendered under the daemon's CSP: its computed cell size reached the page.
      const rowHeight = await screen()
        .locator("div")
        .first()
        .evaluate((row) => (row as unknown as { offsetHeight: number }).offsetHeight);
      expect(rowHeight).toBeGreaterThan(8);

      await page.locator("[data-terminal-state]").click();
      await page.keyboard.type("dashboard-typed");
      await page.keyboard.press("Enter");
      await vi.waitFor(async () => expect(await screen().textContent()).toContain("GOT[depyt-draobhsad]"), {
        timeout: 20_000,
      });
      await vi.waitFor(
        () => {
          const typed = journal()
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l))
            .filter((r) => r.kind === "action" && r.route === "terminal" && r.session === id);
          expect(typed.length).toBeGreaterThan(0);
          for (const r of typed) expect(r.actor).toEqual({ kind: "api", scope: "admin", via: "dashboard" });
        },
        { timeout: 10_000 },
      );
      expect(journal()).not.toContain("dashboard-typed");

      const dir = screenshotDir();
      for (const [name, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        await page.locator('[data-terminal-state="open"]').waitFor();
        await page.locator("[data-terminal-state]").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(dir, `session-terminal-${name}.png`) });
      }
    });
  },
);
