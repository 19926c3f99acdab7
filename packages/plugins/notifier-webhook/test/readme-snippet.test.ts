import { readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sampleNotification } from "@ao/plugin-kit";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import notifierWebhook from "../src/index.js";

type Verify = (
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | string,
  nowMs?: number,
) => unknown;

const SECRET = "readme-snippet-secret-0123456789";

/** The README's verification snippet, exactly as published, as a module. */
async function loadSnippet(dir: string): Promise<Verify> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const block = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(
    readme,
  );
  if (!block?.[1]) throw new Error("README.md has no verify-snippet block");
  const file = join(dir, "verify.mjs");
  await writeFile(file, block[1]);
  return ((await import(pathToFileURL(file).href)) as { verifyAoWebhook: Verify }).verifyAoWebhook;
}

describe("the README's verification snippet, against real deliveries", () => {
  let dir: TempDir;
  let verify: Verify;
  const captured: Array<{ headers: IncomingHttpHeaders; body: Buffer; outcome: string }> = [];
  let endpoint = "";
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    try {
      verify(SECRET, req.headers, body);
      captured.push({ headers: req.headers, body, outcome: "accepted" });
      res.writeHead(204).end();
    } catch (error) {
      captured.push({ headers: req.headers, body, outcome: (error as Error).message });
      res.writeHead(401).end();
    }
  });

  beforeAll(async () => {
    dir = await tempDir();
    verify = await loadSnippet(dir.path);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    process.env.AO_TEST_README_SECRET = SECRET;
  });
  afterAll(async () => {
    delete process.env.AO_TEST_README_SECRET;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await dir.cleanup();
  });

  it("accepts a delivery signed by the plugin and returns its payload", async () => {
    const plugin = notifierWebhook({ url: endpoint, secretEnv: "AO_TEST_README_SECRET" });
    await plugin.notify(sampleNotification({ title: 'Fix "login" — ünïcode & <b>' }));
    const last = captured.at(-1);
    expect(last?.outcome).toBe("accepted");
    const payload = verify(SECRET, last?.headers ?? {}, last?.body ?? "") as {
      version: number;
      notification: { title: string };
    };
    expect(payload.version).toBe(1);
    expect(payload.notification.title).toBe('Fix "login" — ünïcode & <b>');
  });

  it("refuses a delivery signed with another secret (the plugin reports the 401)", async () => {
    process.env.AO_TEST_README_OTHER = "some-other-secret";
    const plugin = notifierWebhook({ url: endpoint, secretEnv: "AO_TEST_README_OTHER", attempts: 1 });
    const error = await plugin.notify(sampleNotification()).catch((e: unknown) => e);
    expect((error as Error).message).toContain("HTTP 401");
    expect(captured.at(-1)?.outcome).toBe("bad signature");
    delete process.env.AO_TEST_README_OTHER;
  });

  it("refuses a tampered body and a replay after the 5-minute window", async () => {
    const plugin = notifierWebhook({ url: endpoint, secretEnv: "AO_TEST_README_SECRET" });
    await plugin.notify(sampleNotification());
    const good = captured.at(-1);
    if (!good) throw new Error("nothing delivered");
    const tampered = Buffer.from(good.body.toString().replace("ready_to_merge", "merged"));
    expect(() => verify(SECRET, good.headers, tampered)).toThrow("bad signature");
    const sentAt = Number(good.headers["x-ao-timestamp"]) * 1000;
    expect(() => verify(SECRET, good.headers, good.body, sentAt + 4 * 60_000)).not.toThrow();
    expect(() => verify(SECRET, good.headers, good.body, sentAt + 6 * 60_000)).toThrow(/stale/);
    expect(() => verify(SECRET, { ...good.headers, "x-ao-timestamp": undefined }, good.body)).toThrow(
      /missing/,
    );
  });
});
