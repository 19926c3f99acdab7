import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import commandAgent from "../src/index.js";

let tmp: TempDir;
beforeEach(async () => {
  tmp = await tempDir("ao-agent-command-");
});
afterEach(async () => {
  await tmp.cleanup();
});

/** Start what `launch` returns, as a runtime would, feed it messages and collect its output. */
async function runLaunched(agent: ReturnType<typeof commandAgent>, messages: string[]): Promise<string> {
  const promptFile = join(tmp.path, "prompt.md");
  await writeFile(promptFile, "Fix the `bug` $(now)\n");
  const launch = await agent.launch({
    sessionId: "s",
    cwd: tmp.path,
    prompt: "",
    promptFile,
    issue: null,
    permissions: "auto",
    home: tmp.path,
  });
  const [file, ...args] = launch.command;
  const child = spawn(file as string, args, { cwd: tmp.path, env: { ...process.env, ...launch.env } });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  for (const message of messages) child.stdin.write(`${agent.formatMessage?.(message) ?? message}\n`);
  child.stdin.end();
  await new Promise((resolve) => child.on("close", resolve));
  return output;
}

it("a shell-command agent reads its prompt file and jsonl messages literally", async () => {
  const script = join(tmp.path, "agent.mjs");
  await writeFile(
    script,
    `import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
process.stdout.write("prompt=" + JSON.stringify(readFileSync(process.env.AO_PROMPT_FILE, "utf8")) + "\\n");
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write("got=" + JSON.stringify(JSON.parse(line).text) + "\\n");
}
`,
  );
  const agent = commandAgent({ run: `node '${script}'`, messageFormat: "jsonl" });
  const message = 'two\nlines with $(rm -rf ~) and `ticks` and "quotes" \u2028 \u202E';
  const output = await runLaunched(agent, [message, "second"]);
  expect(output.split("\n").filter(Boolean)).toEqual([
    `prompt=${JSON.stringify("Fix the `bug` $(now)\n")}`,
    `got=${JSON.stringify(message)}`,
    `got=${JSON.stringify("second")}`,
  ]);
});

it("an argv agent gets text messages one per line", async () => {
  const agent = commandAgent({
    run: ["sh", "-c", 'cat "$AO_PROMPT_FILE"; while read -r line; do echo "msg:$line"; done'],
  });
  expect(await runLaunched(agent, ["hello $(x)"])).toBe("Fix the `bug` $(now)\nmsg:hello $(x)\n");
});
