import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { type FakeGitHub, startFakeGitHub } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

// The token comes from `gh auth token` (a fake `gh` on PATH), not from a variable: the env-name
// based masking cannot know it, so the plugin tells the host (`PluginHost.secret`). Hostile text
// quoting it (an issue title, a message) must then be masked wherever ao writes.
const config = (url: string) => `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeRuntime, fakeScm, fakeTerminal, fakeWorkspace } from "@ao/testkit";

const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const workspace = fakeWorkspace({ stateFile: file("workspace") });

export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    // tokenEnv left at its default (GITHUB_TOKEN), which the test unsets: \`gh auth token\` is asked.
    tracker: ["github", { baseUrl: ${JSON.stringify(url)} }],
    scm: fakeScm({ stateFile: file("scm"), workspace }),
    notifiers: [],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: { app: { repo: "acme/app", path: "." } },
  intake: { auto: true, labels: ["agent"], maxConcurrent: 5 },
  pollInterval: "1h",
  server: { port: 0 },
});
`;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("a token read from `gh auth token`", () => {
  // Looks like a real one, and is in no environment variable of the daemon.
  const TOKEN = `gho_${randomBytes(18).toString("hex")}`;
  let fake: FakeGitHub;
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;

  beforeAll(async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: { login: "octocat" } } });
    await fake.createRepo("acme/app");
    world = fakeWorld();
    execFileSync("git", ["init", "-q", "-b", "main", world.dir]);
    writeFileSync(join(world.dir, "ao.config.ts"), config(fake.url));
    const bin = join(world.dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "gh"), `#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo ${TOKEN}\n`);
    chmodSync(join(bin, "gh"), 0o755);
    world.env.PATH = `${bin}:${world.env.PATH ?? ""}`;
    delete world.env.GITHUB_TOKEN;
    for (const value of Object.values(world.env)) expect(value).not.toContain(TOKEN);
    // Someone pasted the token into an issue: hostile text that ao journals and logs.
    fake.createIssue("acme/app", {
      title: `Login fails with ${TOKEN}`,
      body: `gh auth token printed ${TOKEN}`,
      labels: ["agent"],
    });
    daemon = await startDaemon(world);
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
    await fake?.close();
  });

  it("is used, and never reaches the daemon's output, the journal, the API or --json", async () => {
    const sessions = async () =>
      (await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ id: string; issue: string }>;
    await vi.waitFor(async () => expect((await sessions()).map((s) => s.issue)).toEqual(["1"]), {
      timeout: 20_000,
      interval: 200,
    });
    // The tracker listed the issue with the token from `gh`.
    expect(fake.requests.some((r) => r.path.includes("/repos/acme/app/issues"))).toBe(true);
    const [session] = await sessions();
    const id = session?.id as string;
    const sent = await ao(["send", id, `try again with ${TOKEN}`], { cwd: world.dir, env: world.env });
    expect(sent.code, sent.stderr).toBe(0);
    const outputs = [
      JSON.stringify((await api(daemon, "GET", "/api/sessions")).body),
      (await ao(["status", "--json"], { cwd: world.dir, env: world.env })).stdout,
      (await ao(["events", "--json"], { cwd: world.dir, env: world.env })).stdout,
      (await ao(["status", id, "--json"], { cwd: world.dir, env: world.env })).stdout,
    ];
    await stopDaemon(daemon);
    outputs.push(daemon.stderr(), daemon.stdout());
    const home = world.env.AO_HOME as string;
    // The agent's prompt file is the agent's input: the issue as written (docs/security.md).
    const files = filesUnder(home).filter((f) => !f.endsWith("prompt.md"));
    expect(files.some((f) => f.endsWith("journal.jsonl"))).toBe(true);
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toContain(TOKEN);
    for (const out of outputs) expect(out).not.toContain(TOKEN);
    // The text around it did arrive: it was masked, not lost.
    const journal = readFileSync(join(home, "projects", "app", "journal.jsonl"), "utf8");
    expect(journal).toContain("try again with [redacted]");
    expect(outputs.join("\n")).toContain("Login fails with [redacted]");
  });
});
