import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrStore } from "./store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-scm-local-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("PrStore locks", () => {
  it("never breaks a live owner's lock, however old it is", async () => {
    const store = new PrStore(dir, 500);
    await store.ensure();
    await writeFile(store.file(1), JSON.stringify({ number: 1, updatedAt: 0 }));
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      const lock = `${store.file(1)}.lock`;
      await writeFile(lock, `${owner.pid}\n`);
      const old = new Date(Date.now() - 60 * 60_000);
      await utimes(lock, old, old);
      await expect(store.update(1, () => true)).rejects.toMatchObject({
        code: "LOCK_TIMEOUT",
        message: expect.stringContaining(`pid ${owner.pid}`) as unknown,
      });
      expect((await readFile(lock, "utf8")).trim()).toBe(String(owner.pid));
      expect(JSON.parse(await readFile(store.file(1), "utf8")).updatedAt).toBe(0);
    } finally {
      owner.kill("SIGKILL");
    }
  });
});
