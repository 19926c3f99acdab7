import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { harness, issue } from "./harness.js";

/** Any control byte a terminal acts on (C0 but tab and newline, DEL, C1). */
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const HOSTILE = "Fix\u0000 login\u0003 now\u001b[201~\u001b]0;pwned\u0007\u009b1m\r\nsecond line\u0004";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

describe("outside text reaches the agent inert", () => {
  it("strips control bytes from the prompt, the PR title, CI logs and human messages", async () => {
    h = harness({ issues: [{ ...issue("1"), title: HOSTILE, body: `body ${HOSTILE}` }] });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const prompt = await readFile(join(h.home, "projects", "app", "sessions", s.id, "prompt.md"), "utf8");
    expect(prompt).toContain("Fix login now");
    expect(prompt).not.toMatch(ACTIVE);

    h.workspace.control.setHead(h.ws(s.id), `${s.id}-c1`, { unpushed: false });
    h.agent.control.setActivity(s.id, "idle");
    await h.engine.tick();
    const [pr] = h.scm.control.prs();
    expect(pr?.title).toBe("Fix login now\nsecond line");

    h.scm.control.setCi(pr?.number as number, "failed", `log line\u0003\u001b[31mred\u001b[0m\u0000`);
    await h.engine.tick();
    await h.engine.send(s.id, "from a human\u0003\u001a\u0015 end\u001b[201~");
    const messages = h.runtime.control.messages(`fake-${s.id}`);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.at(-1)).toBe("from a human end");
    for (const message of messages) expect(message).not.toMatch(ACTIVE);
  });
});
