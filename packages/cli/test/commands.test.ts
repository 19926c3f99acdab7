import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { homeIdFor } from "@ao/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ao, BIN, fakeWorld } from "./helpers.js";

// Every command as a child process against the testkit fakes, with no daemon.
describe("commands without a daemon", () => {
  let world: ReturnType<typeof fakeWorld>;
  const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });

  beforeAll(() => {
    world = fakeWorld();
  });
  afterAll(() => world.cleanup());

  it("--version and --help exit 0; an unknown command or option exits 2", async () => {
    const version = await run("--version");
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const help = await run("send", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: ao send [options] <session> [message...]");
    expect((await run("bogus")).code).toBe(2);
    expect((await run("status", "--nope")).code).toBe(2);
    expect((await run("spawn")).code).toBe(2);
  });

  it("status lists nothing yet, as JSON and as text", async () => {
    expect(JSON.parse((await run("status", "--json")).stdout)).toEqual({
      sessions: [],
      cost: { totalUsd: 0, mergedPrs: 0, perMergedPrUsd: null },
    });
    expect((await run("status")).stdout).toContain("No sessions yet");
  });

  it("spawn, status, send, events, kill: JSON on stdout only, the SPEC §7 shape", async () => {
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code).toBe(0);
    const { sessions } = JSON.parse(spawned.stdout);
    expect(sessions).toHaveLength(1);
    const id = sessions[0].id as string;

    const status = JSON.parse((await run("status", "--json")).stdout);
    expect(status.sessions).toHaveLength(1);
    const s = status.sessions[0];
    expect(Object.keys(s)).toEqual([
      "id",
      "project",
      "issue",
      "branch",
      "state",
      "activity",
      "pr",
      "attempts",
      "costUsd",
      "createdAt",
      "updatedAt",
    ]);
    expect(s).toMatchObject({ id, project: "app", issue: "1", pr: null, attempts: {} });
    expect(["spawning", "working"]).toContain(s.state);
    expect(new Date(s.createdAt).toISOString()).toBe(s.createdAt);

    const sent = await run("send", id, "please", "add", "tests", "--json");
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout).session.id).toBe(id);

    const events = await run("events", id, "--json");
    const records = events.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const messages = records.filter((r) => r.kind === "event" && r.event.type === "user_message");
    expect(messages.map((r) => r.event.text)).toEqual(["please add tests"]);

    const human = await run("events", id);
    expect(human.stdout).toContain("user_message");

    const killed = await run("kill", id, "--json");
    expect(JSON.parse(killed.stdout).session.state).toBe("killed");
    const table = await run("status");
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+app\\s+1\\s+killed`));
  });

  it("a user error prints message and hint, no stack, exit 1 (and JSON with --json)", async () => {
    const missing = await run("send", "nope", "hi");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No session "nope".');
    expect(missing.stderr).toContain("hint: Run `ao status`");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const json = await run("kill", "nope", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.code).toBe("SESSION_NOT_FOUND");
  });

  it("plugins and doctor report each slot, as JSON and text", async () => {
    const plugins = await run("plugins", "--json");
    expect(plugins.code).toBe(0);
    const rows = JSON.parse(plugins.stdout).plugins;
    expect(rows.map((r: { slot: string }) => r.slot)).toEqual([
      "runtime",
      "agent",
      "workspace",
      "tracker",
      "scm",
      "notifier",
      "terminal",
      "lifecycle",
    ]);
    expect(rows[0]).toMatchObject({
      project: "app",
      plugin: "@ao/testkit/fake-runtime",
      from: "instance",
      error: null,
    });
    expect((await run("plugins")).stdout).toContain("@ao/testkit/fake-scm");

    const doctor = await run("doctor", "--json");
    const report = JSON.parse(doctor.stdout);
    expect(report.checks.find((c: { name: string }) => c.name === "config").status).toBe("ok");
    expect(report.checks.filter((c: { name: string }) => c.name.startsWith("plugin app.")).length).toBe(8);
    expect(doctor.code).toBe(report.ok ? 0 : 1);
    expect((await run("doctor")).stdout).toContain("✓ plugin app.scm");
  });

  it("doctor --test-notify sends one notification through each notifier and reports a failing one", async () => {
    const doctor = await run("doctor", "--test-notify", "--json");
    const check = JSON.parse(doctor.stdout).checks.find((c: { name: string }) =>
      c.name.startsWith("notify app"),
    );
    expect(check).toMatchObject({ name: "notify app: @ao/testkit/fake-notifier", status: "ok" });
    const stateFile = join(world.env.AO_TEST_WORLD as string, "notifier.json");
    const state = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(state.sent.at(-1)).toMatchObject({
      title: "ao test notification",
      priority: "info",
      project: "app",
    });
    writeFileSync(stateFile, JSON.stringify({ ...state, failing: true }));
    const failing = await run("doctor", "--test-notify", "--json");
    expect(failing.code).toBe(1);
    const failed = JSON.parse(failing.stdout).checks.find((c: { name: string }) =>
      c.name.startsWith("notify app"),
    );
    expect(failed.status).toBe("fail");
    expect(failed.detail).toContain("could not send");
    writeFileSync(stateFile, JSON.stringify({ ...state, failing: false }));
  });

  it("report takes --session; inside a session it needs the session's token; a bad state is a usage error", async () => {
    const spawned = JSON.parse((await run("spawn", "2", "--json")).stdout).sessions[0].id as string;
    const ok = await run("report", "needs_input", "--session", spawned, "--json");
    expect(ok.code, ok.stderr).toBe(0);
    // AO_SESSION_ID alone is no credential: without its AO_SESSION_TOKEN the agent scope refuses.
    const tokenless = await ao(["report", "needs_input"], {
      cwd: world.dir,
      env: { ...world.env, AO_SESSION_ID: spawned },
    });
    expect(tokenless.code).toBe(1);
    expect(tokenless.stderr).toContain("AO_SESSION_TOKEN");
    expect((await run("report", "sleeping")).code).toBe(2);
    expect((await run("report", "done")).code).toBe(2);
  });

  it("logs shows the runtime's output; attach runs the terminal's attach command", async () => {
    const id = JSON.parse((await run("spawn", "3", "--json")).stdout).sessions[0].id as string;
    expect((await run("send", id, "echo me")).code).toBe(0);
    const logs = await run("logs", id, "--lines", "20");
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain("echo me");
    const attach = await run("attach", id);
    expect(attach.code, attach.stderr).toBe(0);
    expect(attach.stdout).toMatch(/^fake runtime /);
    expect((await run("logs", "nope")).code).toBe(1);
    // A message from a file, and from stdin (multi-line, kept whole).
    const file = join(world.dir, "message.md");
    writeFileSync(file, "from a file\n");
    expect((await run("send", id, "-f", file)).code).toBe(0);
    const piped = await ao(["send", id], { cwd: world.dir, env: world.env, input: "from stdin\nline two\n" });
    expect(piped.code, piped.stderr).toBe(0);
    const logged = (await run("logs", id, "--lines", "50")).stdout;
    expect(logged).toContain("from a file");
    expect(logged).toContain("from stdin\nline two");
    expect((await run("send", id, "-f", join(world.dir, "missing.md"))).stderr).toContain("Cannot read");
    expect((await run("send", id, "words", "-f", file)).code).toBe(2);
    expect((await ao(["send", id], { cwd: world.dir, env: world.env, input: "\n" })).code).toBe(2);
    // Killing cleans the runtime up; the tail of its output is kept, so logs still answer.
    expect((await run("kill", id)).code).toBe(0);
    const after = await run("logs", id);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain("echo me");
    expect(after.stderr).toContain(`${id} has ended (killed)`);
    expect(
      JSON.parse((await run("status", "--json")).stdout).sessions.find((x: { id: string }) => x.id === id)
        .activity,
    ).toBe("exited");
  });

  it("events for an unknown session is an error with a hint, not silence", async () => {
    const out = await run("events", "app-999");
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('No session "app-999"');
    expect(out.stderr).toContain("hint: Run `ao status` to list sessions.");
  });

  it("cleanup removes runtimes and workspaces no live session owns", async () => {
    // Leftovers of a crash: a runtime and a workspace in the fake world that no session owns.
    const runtimeFile = join(world.env.AO_TEST_WORLD as string, "runtime.json");
    const runtimes = JSON.parse(readFileSync(runtimeFile, "utf8"));
    const home = homeIdFor(world.env.AO_HOME as string);
    runtimes.runtimes["orphan-runtime"] = {
      sessionId: "gone-1",
      owner: { home, project: "app", session: "gone-1" },
      cwd: world.dir,
      command: ["x"],
      envKeys: [],
      alive: true,
      output: [],
      messages: [],
      lastOutputAt: null,
    };
    writeFileSync(runtimeFile, JSON.stringify(runtimes));
    const workspaceFile = join(world.env.AO_TEST_WORLD as string, "workspace.json");
    const workspaces = JSON.parse(readFileSync(workspaceFile, "utf8"));
    const orphanPath = join(world.dir, "orphan-workspace");
    workspaces.workspaces[orphanPath] = {
      project: "app",
      sessionId: "gone-1",
      owner: { home, project: "app", session: "gone-1" },
      branch: "ao/gone",
      head: "abc",
      dirty: false,
      unpushed: false,
      changedFiles: [],
    };
    // A checkout someone else put there (no ao marker) and one of another AO_HOME: never removed.
    const foreignPath = join(world.dir, "someone-elses-checkout");
    const otherHomePath = join(world.dir, "other-home-checkout");
    workspaces.workspaces[foreignPath] = { ...workspaces.workspaces[orphanPath], owner: undefined };
    workspaces.workspaces[otherHomePath] = {
      ...workspaces.workspaces[orphanPath],
      owner: { home: homeIdFor("/elsewhere"), project: "app", session: "gone-2" },
    };
    writeFileSync(workspaceFile, JSON.stringify(workspaces));
    const dry = await run("cleanup", "--dry-run", "--json");
    expect(dry.code, dry.stderr).toBe(0);
    const all = JSON.parse(dry.stdout).items as Array<{ action: string; id: string; reason?: string }>;
    expect(all.filter((i) => i.action === "skipped")).toEqual([
      expect.objectContaining({
        kind: "workspace",
        id: foreignPath,
        reason: expect.stringContaining("no ao owner stamp"),
      }),
      expect.objectContaining({
        kind: "workspace",
        id: otherHomePath,
        reason: expect.stringContaining("another AO_HOME"),
      }),
    ]);
    const planned = all.filter((i) => i.action !== "skipped");
    expect(planned.every((i) => i.action === "would-remove")).toBe(true);
    expect(planned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "runtime", id: "orphan-runtime" }),
        expect.objectContaining({ kind: "workspace", id: orphanPath }),
      ]),
    );
    const done = await run("cleanup", "--json");
    const removed = (JSON.parse(done.stdout).items as Array<{ action: string; id: string }>).filter(
      (i) => i.action === "removed",
    );
    expect(removed.map((i) => i.id).sort()).toEqual(planned.map((i) => i.id).sort());
    const again = JSON.parse((await run("cleanup", "--json")).stdout).items as Array<{ action: string }>;
    expect(again.map((i) => i.action)).toEqual(["skipped", "skipped"]);
    const text = await run("cleanup");
    expect(text.stdout).toContain(`skipped workspace ${foreignPath} (app): it carries no ao owner stamp`);
    expect(JSON.parse(readFileSync(workspaceFile, "utf8")).workspaces).toHaveProperty([foreignPath]);
    // Live sessions keep theirs.
    const status = JSON.parse((await run("status", "--json")).stdout).sessions as Array<{ state: string }>;
    expect(status.some((s) => s.state !== "killed")).toBe(true);
  });

  it("status --watch --json prints the listing again when a journal changes, until SIGINT", async () => {
    const id = JSON.parse((await run("status", "--json")).stdout).sessions.find(
      (s: { state: string }) => s.state !== "killed",
    ).id as string;
    const child = spawn(process.execPath, [BIN, "status", "--watch", "--json"], {
      cwd: world.dir,
      env: world.env,
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    const lines = () => out.split("\n").filter(Boolean);
    for (let i = 0; i < 100 && lines().length === 0; i++) await sleep(50);
    expect(lines()).toHaveLength(1);
    const updatedAt = (line: string) =>
      (JSON.parse(line).sessions as Array<{ id: string; updatedAt: string }>).find((s) => s.id === id)
        ?.updatedAt;
    const before = updatedAt(lines()[0] as string);
    expect((await run("send", id, "watched message")).code).toBe(0);
    for (let i = 0; i < 100 && lines().length < 2; i++) await sleep(50);
    const exit = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    // Every line is one whole JSON object, and the last one shows the change.
    expect(lines().length).toBeGreaterThanOrEqual(2);
    expect(updatedAt(lines().at(-1) as string)).not.toBe(before);
  });

  it("events --follow prints new records as they are journaled, until SIGINT", async () => {
    const id = JSON.parse((await run("status", "--json")).stdout).sessions.find(
      (s: { state: string }) => s.state !== "killed",
    ).id as string;
    const child = spawn(process.execPath, [BIN, "events", id, "--follow", "--json"], {
      cwd: world.dir,
      env: world.env,
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    await sleep(1500);
    const before = out.split("\n").filter(Boolean).length;
    expect((await run("send", id, "followed message")).code).toBe(0);
    for (let i = 0; i < 50 && !out.includes("followed message"); i++) await sleep(100);
    const exit = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    const lines = out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(before);
    expect(lines.filter((r) => r.kind === "event" && r.event.text === "followed message")).toHaveLength(1);
  });

  it("4 concurrent CLI processes without a daemon take turns: no lost or duplicated event", async () => {
    const id = JSON.parse((await run("status", "--json")).stdout).sessions.find(
      (s: { state: string }) => s.state !== "killed",
    ).id as string;
    const texts = ["a", "b", "c", "d"].map((t) => `in turn ${t}`);
    const results = await Promise.all(texts.map((t) => run("send", id, t, "--json")));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const records = (await run("events", id, "--json")).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const sent = records
      .filter(
        (r) => r.kind === "event" && r.event.type === "user_message" && r.event.text.startsWith("in turn"),
      )
      .map((r) => r.event.text)
      .sort();
    expect(sent).toEqual(texts);
  });

  it("completion prints a script per shell", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const out = await run("completion", shell);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain("claim-pr");
    }
    expect((await run("completion", "tcsh")).code).toBe(2);
    expect((await run("completion", "--list", "bogus")).code).toBe(2);
  });

  it("bash completion offers live session ids and project ids", async () => {
    const sessions = (await run("completion", "--list", "sessions")).stdout.trim().split("\n");
    expect(sessions.length).toBeGreaterThan(0);
    expect((await run("completion", "--list", "projects")).stdout).toBe("app\n");
    const script = (await run("completion", "bash")).stdout;
    // Real bash: load the script, put `ao` (this CLI) on PATH, and ask what Tab offers.
    const bin = join(world.dir, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "ao"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const tab = (words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _ao; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd: world.dir, env: { ...world.env, PATH: `${bin}:${world.env.PATH}` }, encoding: "utf8" },
      )
        .trim()
        .split("\n");
    expect(tab(["ao", "logs", ""]).sort()).toEqual([...sessions].sort());
    expect(tab(["ao", "status", "--project", ""])).toEqual(["app"]);
    expect(tab(["ao", "sen"])).toEqual(["send"]);
  });

  it("demo is registered with its flags", async () => {
    const help = await run("demo", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--keep");
    expect(help.stdout).toContain("--json");
  });
});
