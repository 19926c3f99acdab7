import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

describe("agent environment allow-list", () => {
  it("passes only the base variables, the agent's passEnv and the granted agentEnv", async () => {
    h = harness({
      env: {
        PATH: "/usr/bin:/bin",
        HOME: "/home/dev",
        LANG: "C.UTF-8",
        ACME_DSN: "postgres://user:pw@db/app",
        AGENT_API_KEY: "agent-key-value",
        OTHER_SECRET: "not-for-agents",
        GITHUB_TOKEN: "ghp_not_granted_here",
      },
      grant: ["ACME_DSN"],
      passEnv: ["AGENT_API_KEY"],
      agentEnv: { AO_CONFIG: "/cfg/ao.config.ts" },
    });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const keys = h.runtime.control.record(`fake-${s.id}`)?.envKeys ?? [];
    expect(keys).toEqual(
      expect.arrayContaining([
        "PATH",
        "HOME",
        "LANG",
        "ACME_DSN",
        "AGENT_API_KEY",
        "AO_CONFIG",
        "AO_SESSION_ID",
      ]),
    );
    expect(keys).not.toContain("OTHER_SECRET");
    expect(keys).not.toContain("GITHUB_TOKEN");
  });

  it("masks the values of granted variables in the journal, whatever their names", async () => {
    const dsn = "postgres://user:pw@db/app";
    h = harness({ env: { ACME_DSN: dsn }, grant: ["ACME_DSN"] });
    await h.engine.spawn({ project: "app", prompt: `Migrate ${dsn} to the new schema` });
    const journal = readFileSync(join(h.home, "projects", "app", "journal.jsonl"), "utf8");
    expect(journal).toContain("[redacted]");
    expect(journal).not.toContain(dsn);
  });
});
