import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { skipWithout } from "@ao/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "../daemon-helpers.js";
import { fakeWorld } from "../helpers.js";
import { hasChromium, launchChromium, screenshotDir, VIEWPORTS } from "./browser.js";
import { worldControl } from "./world-control.js";

type Session = { id: string; branch: string; state: string };

// Under AO_TEST_FULL=1 (CI) a missing Chromium fails this suite instead of skipping it.
describe.skipIf(skipWithout("chromium", hasChromium))("the dashboard in a browser", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let control: ReturnType<typeof worldControl>;
  const requests: string[] = [];
  const origin = () => `http://127.0.0.1:${daemon.port}`;
  const spawn = async (issue: string) =>
    (await api(daemon, "POST", "/api/sessions", { project: "app", issue })).body.session as Session;
  const timeline = async (id: string) =>
    (await api(daemon, "GET", `/api/sessions/${id}/timeline`)).body.entries as Array<{
      kind: string;
      record: Record<string, unknown>;
    }>;
  const card = (id: string) => page.locator(`[data-session="${id}"]`);

  beforeAll(async () => {
    world = fakeWorld();
    daemon = await startDaemon(world);
    control = worldControl(world);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: "light" });
    page = await context.newPage();
    page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  });
  afterAll(async () => {
    await browser?.close();
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
  });

  it("logs in through the one-time login URL: an HttpOnly, SameSite=Strict cookie, and the token gone from the URL", async () => {
    // Without the cookie, the page says how to log in and shows no data.
    await page.goto(`${origin()}/`);
    await expect(page.locator("body").textContent()).resolves.toContain("ao login-url");

    const url = (await api(daemon, "POST", "/api/login-url")).body.url as string;
    expect(url).toMatch(/\/login\?token=/);
    expect(url).not.toContain(daemon.token);
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { name: "All projects" }).waitFor();
    const cookies = await context.cookies(origin());
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    // The cookie is not readable by the page's scripts.
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    ).toBe("");
    // The one-time link is spent.
    const again = await fetch(url, { redirect: "manual" });
    expect(again.status).toBeGreaterThanOrEqual(400);
  });

  it("updates the board live, by push, when a session changes state; hostile text stays text", async () => {
    // A marker that a page load would wipe: the board must change without one.
    await page.evaluate(() => Object.assign(globalThis, { aoMarker: 1 }));
    const s = await spawn("1");
    await card(s.id).waitFor();
    expect(await page.title()).not.toMatch(/^\(\d+\)/);

    // The agent asks a question, in words an attacker chose.
    const hostile = `Proceed? <img src=x onerror="window.aoPwned=1"><script>window.aoPwned=1</script>`;
    control.agent.setActivity(s.id, "waiting_input", undefined, { evidence: hostile });
    await page.locator(`[data-group="waiting_input"] [data-session="${s.id}"]`).waitFor();
    const text = await card(s.id).textContent();
    expect(text).toContain("<img src=x");
    expect(await card(s.id).locator("img, script").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { aoPwned?: number }).aoPwned)).toBeUndefined();

    // The count of what needs the human: tab title and favicon.
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { title: string } }).document.title.startsWith("(1) "),
    );
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    expect(decodeURIComponent(icon as string)).toContain(">1</text>");

    expect(await page.evaluate(() => (globalThis as { aoMarker?: number }).aoMarker)).toBe(1);
    // Live by push: one event stream, no reloads of the board.
    expect(requests.filter((r) => r === "GET /api/events").length).toBe(1);
    expect(requests.filter((r) => /GET \/api\/(board|sessions)$/.test(r))).toEqual([]);
  });

  it("sends a message from the session page: the engine gets it and journals who acted", async () => {
    const s = (await api(daemon, "GET", "/api/sessions")).body.sessions as Session[];
    const id = (s[0] as Session).id;
    await card(id).getByRole("link", { name: id }).click();
    await page.getByRole("heading", { name: new RegExp(`^${id}`) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/sessions/${id}`);
    await page.getByLabel("Message to the agent").fill("please add a test for the parser");
    await page.getByRole("button", { name: "Send message" }).click();
    await page.getByText("Send message: done.").waitFor();
    expect(control.runtime.messages(control.runtimeOf(id)).join("\n")).toContain(
      "please add a test for the parser",
    );
    const sent = (await timeline(id)).find((e) => e.kind === "action" && e.record.route === "send");
    expect(sent?.record.actor).toEqual({ kind: "api", scope: "admin", via: "dashboard" });
    // The timeline on the page shows it too, pushed from the journal.
    await page.locator('.timeline li[data-kind="action"]', { hasText: "send" }).first().waitFor();
  });

  it("a page of another origin can neither read the API nor open the terminal, though the browser holds the cookie", async () => {
    const id = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Session[])[0]?.id as string;
    const foreign: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>elsewhere</title><p>another site</p>");
    });
    await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
    try {
      const other = await context.newPage();
      await other.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
      const outcome = await other.evaluate(
        async ({ base, id }) => {
          const read = await fetch(`${base}/api/board`, { credentials: "include" }).then(
            async (r) => `read ${r.status} ${await r.text()}`,
            (e: unknown) => `blocked: ${String(e)}`,
          );
          // A "simple" request goes out even without CORS: the daemon must refuse it by its Origin.
          await fetch(`${base}/api/sessions/${id}/kill`, {
            method: "POST",
            mode: "no-cors",
            credentials: "include",
            body: "{}",
          }).catch(() => undefined);
          const socket = await new Promise<string>((resolve) => {
            const ws = new WebSocket(`${base.replace("http", "ws")}/api/sessions/${id}/terminal`);
            ws.onopen = () => resolve("opened");
            ws.onerror = () => resolve("refused");
          });
          return { read, socket };
        },
        { base: origin(), id },
      );
      expect(outcome.read).toMatch(/^blocked/);
      expect(outcome.socket).toBe("refused");
      // The kill never reached the engine.
      const after = (await api(daemon, "GET", `/api/sessions/${id}`)).body.session as Session;
      expect(after.state).not.toBe("killed");
      expect((await timeline(id)).some((e) => e.kind === "action" && e.record.route === "kill")).toBe(false);
      await other.close();
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it("takes screenshots of the board and a session page at desktop and phone widths", async () => {
    // A fleet worth a picture: one ready to merge, one fixing CI, one waiting for an answer.
    const ready = await spawn("2");
    const failing = await spawn("3");
    const claim = async (s: Session) => {
      const pr = await control.openPr(s.branch, `Issue for ${s.id}`);
      const claimed = await api(daemon, "POST", "/api/claim-pr", { project: "app", pr, session: s.id });
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      return pr;
    };
    const prReady = await claim(ready);
    control.scm.setCi(prReady, "passed");
    control.scm.approve(prReady);
    control.scm.comment(prReady, "Rename `parse` to `parseLine`: it reads one line.", { author: "maria" });
    const prFailing = await claim(failing);
    control.scm.setCi(prFailing, "failed", "FAIL test/parser.test.ts > rejects a torn line");
    // Readable words for the picture (the hostile ones were checked above).
    const hostileOne = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Session[]).find(
      (x) => x.id !== ready.id && x.id !== failing.id,
    ) as Session;
    expect((await api(daemon, "POST", `/api/sessions/${hostileOne.id}/kill`)).status).toBe(200);
    const waiting = (
      await api(daemon, "POST", "/api/sessions", { project: "app", prompt: "Add a --json flag to ao status" })
    ).body.session as Session;
    control.agent.setActivity(waiting.id, "waiting_input", undefined, {
      evidence: "Allow `pnpm add zod@4`? It changes package.json (y/n)",
    });
    control.runtime.print(
      control.runtimeOf(ready.id),
      "$ pnpm test\n✓ 42 tests passed\nOpened PR for issue 2",
    );
    await page.goto(`${origin()}/`);
    await page.locator(`[data-group="ready_to_merge"] [data-session="${ready.id}"]`).waitFor();
    await page.locator(`[data-group="fixing_ci"] [data-session="${failing.id}"]`).waitFor();
    await card(waiting.id).getByText("pnpm add zod@4", { exact: false }).waitFor();

    const dir = screenshotDir();
    const shots: string[] = [];
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.goto(`${origin()}/`);
      await page.locator(`[data-session="${ready.id}"]`).waitFor();
      shots.push(join(dir, `board-${name}.png`));
      await page.screenshot({ path: shots.at(-1), fullPage: name === "desktop" });
      await page.goto(`${origin()}/sessions/${ready.id}`);
      await page.locator(".timeline li").first().waitFor();
      await page.locator(".output").getByText("42 tests passed").waitFor();
      // The picture shows the terminal settled (the fake runtime's is a polled view of its output).
      await page.locator('[data-terminal-state="open"], [data-terminal-state="closed"]').waitFor();
      shots.push(join(dir, `session-${name}.png`));
      await page.screenshot({ path: shots.at(-1) });
    }
    // Dark, as the system asks for it.
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${origin()}/`);
    await page.locator(`[data-session="${ready.id}"]`).waitFor();
    shots.push(join(dir, "board-dark-desktop.png"));
    await page.screenshot({ path: shots.at(-1) });
    await page.emulateMedia({ colorScheme: "light" });
    for (const shot of shots) {
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
    }
  });

  it("asks the agent to fix one review comment from the PR list", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByRole("link", { name: "PRs" }).click();
    const comment = page.locator(".comment", { hasText: "Rename `parse` to `parseLine`" });
    await comment.waitFor();
    const session = (await comment
      .locator("xpath=ancestor::li[@data-session]")
      .getAttribute("data-session")) as string;
    await comment.getByRole("button", { name: "Ask the agent to fix this" }).click();
    await comment.getByText("Ask the agent to fix this: done.").waitFor();
    const sent = control.runtime.messages(control.runtimeOf(session)).join("\n");
    expect(sent).toContain("Rename `parse` to `parseLine`: it reads one line.");
    const action = (await timeline(session)).find((e) => e.kind === "action" && e.record.route === "send");
    expect(action?.record.actor).toEqual({ kind: "api", scope: "admin", via: "dashboard" });
  });

  it("copies a debug bundle to the clipboard, with no credential in it", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: origin() });
    const id = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Session[])[0]?.id as string;
    await page.goto(`${origin()}/sessions/${id}`);
    await page.getByRole("button", { name: "Copy a debug bundle" }).click();
    await page.getByText("Copy debug bundle: done.").waitFor();
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    const bundle = JSON.parse(copied) as { kind: string; session: { id: string }; records: unknown[] };
    expect(bundle.kind).toBe("ao-debug-bundle");
    expect(bundle.session.id).toBe(id);
    expect(bundle.records.length).toBeGreaterThan(0);
    expect(copied).not.toContain(daemon.token);
  });
});
