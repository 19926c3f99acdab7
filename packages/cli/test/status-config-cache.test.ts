import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

// `ao status` remembers the home of a config that loaded and validated, and
// reuses it while the config, the environment and ao are unchanged. A config
// writes "config evaluated" to stderr each time it runs: that is how these
// tests see whether it was loaded, without timing anything.
let t: ReturnType<typeof outsideTemp>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = outsideTemp("ao-status-cache-");
  env = { ...process.env, AO_HOME: join(t.dir, "ao-home"), AO_CONFIG: "", NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  for (const name of ["data-a", "data-b"]) seed(name, `${name.slice(-1)}-1`);
});
afterEach(() => t.cleanup());

/** A journal under `<dir>/<dataDir>` whose project "app" has one session `id`. */
function seed(dataDir: string, id: string): void {
  const dir = join(t.dir, dataDir, "projects", "app");
  mkdirSync(dir, { recursive: true });
  const session = createSession({
    id,
    project: "app",
    issue: "1",
    branch: "ao/1-x",
    rules: DEFAULT_REACTION_RULES,
    at: 1,
  });
  writeFileSync(
    join(dir, "journal.jsonl"),
    `${JSON.stringify({ seq: 1, at: 1, kind: "session", session })}\n`,
  );
}

const config = (body: string, head = 'import { defineConfig } from "@ao/cli";') =>
  writeFileSync(
    join(t.dir, "ao.config.ts"),
    `${head}\nprocess.stderr.write("config evaluated\\n");\n${body}\n`,
  );
const plain = (dataDir: string) =>
  config(
    `export default defineConfig({ dataDir: "./${dataDir}", projects: { app: { repo: "acme/app", path: "." } } });`,
  );

async function status(extra: NodeJS.ProcessEnv = {}) {
  const r = await ao(["status", "--json"], { cwd: t.dir, env: { ...env, ...extra } });
  const ids = r.code === 0 ? (JSON.parse(r.stdout).sessions as Array<{ id: string }>).map((s) => s.id) : [];
  return { ...r, ids, evaluated: r.stderr.includes("config evaluated") };
}

describe("ao status and its cached config", () => {
  it("does not load an unchanged config again, and loads it again once it changes", async () => {
    plain("data-a");
    const first = await status();
    expect(first).toMatchObject({ code: 0, ids: ["a-1"], evaluated: true });
    expect(await status()).toMatchObject({ code: 0, ids: ["a-1"], evaluated: false });
    // Same length, same size: the content still tells.
    plain("data-b");
    expect(await status()).toMatchObject({ code: 0, ids: ["b-1"], evaluated: true });
    expect(await status()).toMatchObject({ code: 0, ids: ["b-1"], evaluated: false });
  });

  it("still reports a config that broke after it was cached", async () => {
    plain("data-a");
    expect((await status()).code).toBe(0);
    config('export default defineConfig({ dataDir: "./data-a", projects: 42 });');
    const invalid = await status();
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).error.code).toBe("CONFIG_INVALID");
    config("export default defineConfig({ projects: ");
    const unloadable = await status();
    expect(unloadable.code).toBe(1);
    expect(JSON.parse(unloadable.stdout).error.code).toBe("CONFIG_LOAD_FAILED");
  });

  it("loads a config again when the environment it is given changes", async () => {
    config(
      'export default defineConfig(({ env }) => ({ dataDir: env.AO_TEST_DATA ?? "./data-a", projects: { app: { repo: "acme/app", path: "." } } }));',
    );
    expect(await status({ AO_TEST_DATA: "./data-a" })).toMatchObject({ ids: ["a-1"], evaluated: true });
    expect(await status({ AO_TEST_DATA: "./data-a" })).toMatchObject({ ids: ["a-1"], evaluated: false });
    expect(await status({ AO_TEST_DATA: "./data-b" })).toMatchObject({ ids: ["b-1"], evaluated: true });
  });

  it("never caches a config that imports another file, so an edit there is seen", async () => {
    writeFileSync(join(t.dir, "data-dir.ts"), 'export const dataDir = "./data-a";\n');
    config(
      'export default defineConfig({ dataDir, projects: { app: { repo: "acme/app", path: "." } } });',
      'import { defineConfig } from "@ao/cli";\nimport { dataDir } from "./data-dir";',
    );
    expect(await status()).toMatchObject({ ids: ["a-1"], evaluated: true });
    expect(await status()).toMatchObject({ ids: ["a-1"], evaluated: true });
    writeFileSync(join(t.dir, "data-dir.ts"), 'export const dataDir = "./data-b";\n');
    expect(await status()).toMatchObject({ ids: ["b-1"], evaluated: true });
  });

  it("keeps no config value and no environment value in the cache", async () => {
    const secret = "ghp_cachecanary0123456789";
    config(
      'export default defineConfig(({ env }) => ({ dataDir: "./data-a", projects: { app: { repo: "acme/app", path: ".", agentEnv: [env.AO_TEST_SECRET ? "GITHUB_TOKEN" : "X"] } } }));',
    );
    expect(await status({ AO_TEST_SECRET: secret })).toMatchObject({ code: 0, ids: ["a-1"] });
    const cacheDir = join(t.dir, "ao-home", "cache");
    const files = readdirSync(cacheDir);
    expect(files.length).toBe(1);
    const text = readFileSync(join(cacheDir, files[0] as string), "utf8");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("acme/app");
    expect(JSON.parse(text).home).toBe(join(t.dir, "data-a"));
  });
});
