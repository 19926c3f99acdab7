import type { Notification } from "@ao/core";
import { describe, expect, it } from "vitest";
import notifierConsole from "./index.js";

const base: Notification = {
  kind: "ready_to_merge",
  priority: "action",
  title: "PR #3 is approved and green",
  body: "Session app-1 (issue 12).\nReady to merge.",
  sessionId: "app-1",
  project: "app",
  pr: { number: 3, url: "file:///data/prs/3.json" },
  action: { command: "ao merge app-1" },
  at: Date.UTC(2026, 10, 25, 9, 0, 0),
};

function capture() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (c: string) => chunks.push(c) } };
}

describe("notifier-console", () => {
  it("prints one readable block with what, where and the command", async () => {
    const { chunks, stream } = capture();
    await notifierConsole({ stream }).notify(base);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toBe(
      [
        "[ao !] PR #3 is approved and green",
        "  ready to merge · app · app-1 · PR #3 · 2026-11-25T09:00:00.000Z",
        "  Session app-1 (issue 12).",
        "  Ready to merge.",
        "  → ao merge app-1",
        "  → file:///data/prs/3.json",
        "",
      ].join("\n"),
    );
  });

  it("strips terminal escape sequences from outside text", async () => {
    const { chunks, stream } = capture();
    await notifierConsole({ stream }).notify({
      ...base,
      title: "evil \u001b[2J\u001b]0;pwned\u0007title\r",
      body: "a\u001b[31mred\u001b[0m $(x)",
    });
    expect(chunks[0]).not.toContain("\u001b");
    expect(chunks[0]).toContain("evil title");
    expect(chunks[0]).toContain("ared $(x)");
  });

  it("writes to stderr by default and to stdout when asked", async () => {
    const write = process.stderr.write;
    const seen: string[] = [];
    process.stderr.write = ((c: string) => seen.push(String(c))) as never;
    try {
      await notifierConsole().notify(base);
    } finally {
      process.stderr.write = write;
    }
    expect(seen.join("")).toContain("PR #3 is approved and green");
    expect(notifierConsole({ stream: "stdout" })).toMatchObject({
      slot: "notifier",
      name: "@ao/notifier-console",
    });
  });

  it("names the option in errors", () => {
    expect(() => notifierConsole({ stream: "file" as never })).toThrow(/option "stream"/);
    expect(() => notifierConsole({ steam: "stdout" } as never)).toThrow(/option "steam"/);
  });
});
