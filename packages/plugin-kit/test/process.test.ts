import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAoError } from "@ao/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandFailedError, describeCommand, outputTail, run, runOk, runShell } from "../src/process.js";

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "ao-kit-process-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const node = process.execPath;

describe("run", () => {
  it("passes argv verbatim, never through a shell", async () => {
    const hostile = '$(touch pwned); echo "x" | cat; `id`';
    const result = await run(node, ["-e", "console.log(JSON.stringify(process.argv.slice(1)))", hostile], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([hostile]);
  });

  it("reports a non-zero exit in the result, with stdout and stderr apart", async () => {
    const result = await run(node, [
      "-e",
      "process.stdout.write('out');process.stderr.write('err');process.exit(3)",
    ]);
    expect(result).toEqual({ exitCode: 3, stdout: "out", stderr: "err" });
  });

  it("uses cwd, env and input", async () => {
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log([process.cwd(),process.env.AO_X,s].join('|')))";
    const result = await run(node, ["-e", script], {
      cwd: dir,
      env: { ...process.env, AO_X: "y" },
      input: "hello",
    });
    expect(result.stdout.trim()).toBe(`${dir}|y|hello`);
  });

  it("survives a child that exits without reading the input it was given", async () => {
    const result = await run(node, ["-e", "process.exit(0)"], { input: "x".repeat(1 << 20) });
    expect(result.exitCode).toBe(0);
  });

  it("gives a child without input an empty stdin instead of hanging", async () => {
    const result = await run("cat", [], { timeoutMs: 5000 });
    expect(result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("rejects with COMMAND_NOT_STARTED naming the program when it cannot start", async () => {
    const error = await run("ao-no-such-program-xyz", ["a b"]).catch((e: unknown) => e);
    expect(isAoError(error) && error.code).toBe("COMMAND_NOT_STARTED");
    expect((error as Error).message).toContain('ao-no-such-program-xyz "a b" could not be started: ENOENT');
  });

  it("kills a child that outlives timeoutMs and rejects with TIMEOUT", async () => {
    const started = Date.now();
    const error = await run(node, ["-e", "setTimeout(()=>{}, 60000)"], { timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(isAoError(error) && error.code).toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("escalates to SIGKILL when the child ignores SIGTERM", async () => {
    const script = "process.on('SIGTERM',()=>{});console.log('ready');setInterval(()=>{},1000)";
    const error = await run(node, ["-e", script], { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(isAoError(error) && error.code).toBe("TIMEOUT");
  });
});

describe("runOk", () => {
  it("resolves with stdout on success", async () => {
    expect(await runOk(node, ["-e", "console.log('fine')"])).toBe("fine\n");
  });

  it("throws COMMAND_FAILED with the command, the directory and the tail of stderr", async () => {
    const script = "for (let i = 1; i <= 30; i++) console.error('line ' + i); process.exit(2)";
    const error = await runOk(node, ["-e", script], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailedError);
    const failed = error as CommandFailedError;
    expect(failed.code).toBe("COMMAND_FAILED");
    expect(failed.exitCode).toBe(2);
    expect(failed.message).toContain(`exited with 2 in ${dir}`);
    expect(failed.message).toContain("line 30");
    expect(failed.message).toContain("line 11");
    expect(failed.message).not.toContain("line 10\n");
    expect(failed.stderr).toContain("line 1\n");
  });
});

describe("runShell", () => {
  it("runs a command line through sh, for commands the user wrote as shell", async () => {
    const result = await runShell("echo a && echo b | tr b c", { cwd: dir });
    expect(result.stdout).toBe("a\nc\n");
  });
});

describe("describeCommand and outputTail", () => {
  it("quotes only what needs quoting", () => {
    expect(describeCommand(["git", "log", "--format=%H", "a b", ""])).toBe('git log --format=%H "a b" ""');
  });

  it("keeps the last lines, trimmed", () => {
    expect(outputTail("\n1\n2\n3\n\n", 2)).toBe("2\n3");
  });
});
