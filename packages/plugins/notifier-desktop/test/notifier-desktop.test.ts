import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Notification } from "@ao/core";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import notifierDesktop from "../src/index.js";

const linux = process.platform !== "darwin";
let tmp: TempDir;
let savedPath: string | undefined;
beforeEach(async () => {
  tmp = await tempDir("ao-notify-");
  savedPath = process.env.PATH;
});
afterEach(async () => {
  process.env.PATH = savedPath;
  await tmp.cleanup();
});

const notification: Notification = {
  kind: "stuck",
  priority: "urgent",
  title: '-n $(touch /tmp/pwned) `id` "quoted"',
  body: "Session app-2 is stuck after 2 CI fixes.\nline two; rm -rf ~",
  sessionId: "app-2",
  project: "app",
  action: { command: "ao send app-2 <message>" },
  at: 0,
};

/** A fake notify-send first on PATH: it records its argv, NUL-separated, and exits with `code`. */
async function fakeNotifySend(code = 0): Promise<string> {
  const bin = join(tmp.path, "bin");
  const record = join(tmp.path, "argv");
  await mkdir(bin);
  await writeFile(
    join(bin, "notify-send"),
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${record}'\necho "fake failure" >&2\nexit ${code}\n`,
  );
  await chmod(join(bin, "notify-send"), 0o755);
  process.env.PATH = `${bin}:${savedPath}`;
  return record;
}

// A platform skip, not a missing tool (AO_TEST_FULL does not apply): this suite is Linux-only.
describe.skipIf(!linux)("notifier-desktop on Linux", () => {
  it("calls notify-send with the notification as literal argv", async () => {
    const record = await fakeNotifySend();
    await notifierDesktop().notify(notification);
    const argv = (await readFile(record, "utf8")).split("\0").slice(0, -1);
    expect(argv).toEqual([
      "--app-name=ao",
      "--urgency=critical",
      "--",
      'ao: -n $(touch /tmp/pwned) `id` "quoted"',
      "Session app-2 is stuck after 2 CI fixes.\nline two; rm -rf ~\n→ ao send app-2 <message>",
    ]);
  });

  it("reports a failing notify-send", async () => {
    await fakeNotifySend(3);
    await expect(notifierDesktop().notify(notification)).rejects.toMatchObject({
      code: "NOTIFY_FAILED",
      message: expect.stringContaining("fake failure"),
    });
  });

  it("says what to install when notify-send is missing", async () => {
    process.env.PATH = join(tmp.path, "empty");
    await expect(notifierDesktop().notify(notification)).rejects.toMatchObject({
      code: "NOTIFIER_UNAVAILABLE",
      hint: expect.stringContaining("libnotify-bin"),
    });
  });

  it("prints instead when fallback is set", async () => {
    process.env.PATH = join(tmp.path, "empty");
    const chunks: string[] = [];
    await notifierDesktop({ fallback: true, stream: { write: (c: string) => chunks.push(c) } }).notify(
      notification,
    );
    expect(chunks.join("")).toContain(
      '[ao] ao: -n $(touch /tmp/pwned) `id` "quoted"\n  Session app-2 is stuck',
    );
  });
});

describe("options", () => {
  it("name the option in errors", () => {
    expect(() => notifierDesktop({ fallback: "yes" as never })).toThrow(/option "fallback"/);
    expect(() => notifierDesktop({ stream: 1 as never })).toThrow(/option "stream"/);
    expect(() => notifierDesktop({ sound: true } as never)).toThrow(/option "sound"/);
  });
});
