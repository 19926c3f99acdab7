import { homeIdFor } from "@ao/core";
import { echoCommand, echoLine, waitFor } from "@ao/plugin-kit";
import { openAttach } from "@ao/plugin-kit/attach";
import { tempDir } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import processRuntime from "../src/index.js";
import { host } from "./helpers.js";

// The process runtime has no attach: hosts show it through the polled view, against a real process.
describe("the polled view of a process runtime", () => {
  it("shows the screen, then new output; typed lines reach the program; ends when the process does", async () => {
    const dir = await tempDir("ao-rt-proc-view-");
    const runtime = processRuntime({ killTimeoutMs: 1000 });
    await runtime.setup?.(host(dir.path));
    const owner = { home: homeIdFor(dir.path), project: "p", session: "view-1" };
    const handle = await runtime.create({
      sessionId: owner.session,
      owner,
      cwd: dir.path,
      command: echoCommand(),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    try {
      expect(runtime.attach).toBeUndefined();
      await runtime.sendMessage(handle, "before the view");
      await waitFor(async () => (await runtime.getOutput(handle)).includes(echoLine("before the view")));
      const view = await openAttach(runtime, handle, { cols: 80, rows: 24 }, { intervalMs: 20 });
      const chunks: Uint8Array[] = [];
      view.onData((c) => chunks.push(c));
      const seen = () => Buffer.concat(chunks).toString("utf8");
      expect(seen()).toContain(echoLine("before the view"));
      await view.write("typed in the view\r");
      await waitFor(() => seen().includes(echoLine("typed in the view")), { what: "the typed line's echo" });
      await runtime.destroy(handle);
      expect((await view.closed).reason).toBe("ended");
    } finally {
      await runtime.destroy(handle);
      await dir.cleanup();
    }
  });
});
