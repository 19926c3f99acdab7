import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { homeIdFor, type ResourceOwner, type RuntimeHandle } from "@ao/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import processRuntime from "../src/index.js";
import { host, makeTemp, waitFor } from "./helpers.js";

const execFileAsync = promisify(execFile);
let temp: { path: string; cleanup: () => Promise<void> };
let runtime: ReturnType<typeof processRuntime>;
const created: RuntimeHandle[] = [];
let n = 0;

beforeAll(async () => {
  temp = await makeTemp();
  runtime = processRuntime({ killTimeoutMs: 1000 });
  await runtime.setup?.(host(temp.path));
});

afterAll(async () => {
  await Promise.all(created.map((h) => runtime.destroy(h)));
  await temp.cleanup();
});

const ownerOf = (session: string): ResourceOwner => ({ home: homeIdFor(temp.path), project: "p", session });

/** The agent gets only the env it is given: PATH is passed so `node` and `sh` are found. */
async function start(command: string[], env: Record<string, string> = {}) {
  n += 1;
  const owner = ownerOf(`p-${n}`);
  const handle = await runtime.create({
    sessionId: owner.session,
    owner,
    cwd: temp.path,
    command,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
  });
  created.push(handle);
  return handle;
}

const HOSTILE = [
  "quotes ' \" ; | & > < * ? ~ # !",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${} is what this test sends
  "$(touch pwned) `touch pwned2` ${HOME}",
  "tabs\tand\ttabs",
  "unicode ✓ 日本語 — RTL שלום مرحبا \u202eevil\u202c",
  "multi\nline\n\nmessage",
  "y".repeat(10_000),
];

describe("@ao/runtime-process", () => {
  it("refuses a working directory that does not exist", async () => {
    await expect(
      runtime.create({
        sessionId: "nowhere",
        owner: ownerOf("nowhere"),
        cwd: join(temp.path, "missing"),
        command: ["true"],
        env: {},
      }),
    ).rejects.toThrow(/does not exist/);
  });

  it("starts the agent with exactly its env, none of the daemon's own variables", async () => {
    process.env.AO_TEST_DAEMON_SECRET = "daemon-secret-value";
    try {
      const handle = await start(["sleep", "30"], { AO_SESSION_ID: "p-env", GRANTED_TOKEN: "granted" });
      const pid = (handle.data as { pid: number }).pid;
      const raw = await readFile(`/proc/${pid}/environ`, "utf8");
      const names = raw
        .split("\0")
        .filter(Boolean)
        .map((entry) => entry.slice(0, entry.indexOf("=")));
      expect(names.sort()).toEqual(["AO_SESSION_ID", "GRANTED_TOKEN", "PATH"]);
      await runtime.destroy(handle);
    } finally {
      delete process.env.AO_TEST_DAEMON_SECRET;
    }
  });

  it("refuses a same-named runtime stamped for another owner, and leaves it running", async () => {
    const handle = await start(["sleep", "30"]);
    const owner = handle.owner as ResourceOwner;
    const stateFile = join(temp.path, "runtime-process", handle.id, "handle.json");
    const forged = { ...handle, owner: { ...owner, project: "someone-else" } };
    await writeFile(stateFile, JSON.stringify(forged));
    await expect(
      runtime.create({ sessionId: owner.session, owner, cwd: temp.path, command: ["true"], env: {} }),
    ).rejects.toMatchObject({ code: "RUNTIME_CONFLICT" });
    expect(await runtime.isAlive(handle)).toBe(true);
    await runtime.destroy(handle);
  });

  it("rejects unknown options, naming them", () => {
    expect(() => processRuntime({ stateDirr: "x" } as never)).toThrow(/stateDirr/);
  });

  it("delivers hostile text literally on stdin, passes env, and executes nothing", async () => {
    const out = join(temp.path, "cat.out");
    const handle = await start(
      ["sh", "-c", 'printf "%s\\n" "$AO_SECRET" > "$AO_TEST_OUT.env"; exec cat >> "$AO_TEST_OUT"'],
      {
        AO_TEST_OUT: out,
        AO_SECRET: "top-secret-value",
      },
    );
    for (const message of HOSTILE) await runtime.sendMessage(handle, message);
    const expected = HOSTILE.map((m) => `${m}\n`).join("");
    await waitFor(async () =>
      (await readFile(out, "utf8").catch(() => "")) === expected ? true : undefined,
    );
    expect(await readFile(`${out}.env`, "utf8")).toBe("top-secret-value\n");
    expect(execFileSync("ps", ["-eo", "args"]).toString()).not.toContain("top-secret-value");
    expect(existsSync(join(temp.path, "pwned"))).toBe(false);
    expect(existsSync(join(temp.path, "pwned2"))).toBe(false);
  });

  it("logs output, reports liveness, execs in the workspace and destroys idempotently", async () => {
    const handle = await start([
      "sh",
      "-c",
      'for i in 1 2 3 4 5; do echo "out-$i"; done; echo err >&2; exec cat',
    ]);
    await waitFor(async () => ((await runtime.getOutput(handle, 2)).includes("err") ? true : undefined));
    expect(await runtime.getOutput(handle, 2)).toBe("out-5\nerr");
    expect(await runtime.lastOutputAt!(handle)).toBeGreaterThan(Date.now() - 10_000);
    expect(await runtime.isAlive(handle)).toBe(true);
    expect(await runtime.exec!(handle, ["pwd"])).toMatchObject({ exitCode: 0, stdout: `${temp.path}\n` });
    await runtime.sendMessage(handle, "echoed back");
    await waitFor(async () => ((await runtime.getOutput(handle, 1)) === "echoed back" ? true : undefined));
    const pid = handle.data?.pid as number;
    await runtime.destroy(handle);
    await runtime.destroy(handle);
    expect(await runtime.isAlive(handle)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("fails delivery to an exited process and reports it dead", async () => {
    const handle = await start(["sh", "-c", "exit 0"]);
    await waitFor(async () => ((await runtime.isAlive(handle)) ? undefined : true));
    await expect(runtime.sendMessage(handle, "hello?")).rejects.toMatchObject({ code: "DELIVERY_FAILED" });
  });

  it("reports a command that cannot start", async () => {
    await expect(start(["/nonexistent/agent-binary"])).rejects.toThrow(/nonexistent/);
  });

  it("survives the process that started it and is found again by a new instance", async () => {
    const bundle = join(temp.path, "plugin.mjs");
    const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild") as {
      build(options: Record<string, unknown>): Promise<unknown>;
    };
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "silent",
    });
    const stateDir = join(temp.path, "shared-state");
    const starter = join(temp.path, "starter.mjs");
    await writeFile(
      starter,
      `import plugin from ${JSON.stringify(bundle)};
const runtime = plugin({ stateDir: ${JSON.stringify(stateDir)} });
runtime.setup({ home: ${JSON.stringify(temp.path)}, now: Date.now, log: console });
const owner = { home: ${JSON.stringify(homeIdFor(temp.path))}, project: "p", session: "survivor" };
const handle = await runtime.create({ sessionId: "survivor", owner, cwd: ${JSON.stringify(temp.path)}, command: ["cat"], env: {} });
console.log(JSON.stringify(handle));
`,
    );
    const { stdout } = await execFileAsync(process.execPath, [starter]);
    const started = JSON.parse(stdout) as RuntimeHandle;
    const later = processRuntime({ stateDir, killTimeoutMs: 1000 });
    await later.setup?.(host(temp.path));
    const found = await later.list!();
    expect(found).toEqual([started]);
    expect(await later.isAlive(started)).toBe(true);
    await later.sendMessage(started, "still listening");
    await waitFor(async () => ((await later.getOutput(started, 1)) === "still listening" ? true : undefined));
    await later.destroy(started);
    expect(await later.isAlive(started)).toBe(false);
    expect(await later.list!()).toEqual([]);
  });
});
