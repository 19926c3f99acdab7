import { configFor } from "../context.js";
import { paint, printJson, say } from "../output.js";
import { type SlotRow, slotRows } from "../plugins/report.js";
import type { CommandRun } from "../program.js";
import { table } from "../table.js";

/** `ao plugins`: what each slot of each project resolved to, and from where. Exit 1 when any failed. */
export const run: CommandRun = async (_args, options) => {
  const config = await configFor("plugins", options);
  const projects =
    typeof options.project === "string"
      ? config.projects.filter((p) => p.id === options.project)
      : config.projects;
  const rows: SlotRow[] = [];
  for (const project of projects) rows.push(...(await slotRows(config, project)));
  const failed = rows.some((r) => r.error);
  if (options.json) {
    printJson({ plugins: rows });
    return failed ? 1 : 0;
  }
  say(
    table(
      ["PROJECT", "SLOT", "CONFIGURED", "PLUGIN", "FROM", "KEY"],
      rows.map((r) => [
        r.project,
        r.slot,
        r.configured,
        r.error ? paint("red", `✗ ${r.error.code}`) : (r.plugin ?? "-"),
        r.from ?? "-",
        r.key,
      ]),
    ),
  );
  for (const r of rows.filter((row) => row.error)) {
    process.stderr.write(
      `${paint("red", "✗", process.stderr)} ${r.error?.message}\n${r.error?.hint ? `  fix: ${r.error.hint}\n` : ""}`,
    );
  }
  return failed ? 1 : 0;
};
