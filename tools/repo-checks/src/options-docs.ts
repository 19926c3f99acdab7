import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { listPackages } from "./workspace.js";

/** The part of an option description the docs need (the shape `@ao/core`'s `OptionSpec` has). */
export interface OptionDoc {
  type: string;
  doc: string;
  default?: unknown;
  required?: boolean;
}

/** One plugin as its built package describes itself. */
export interface PluginDoc {
  name: string;
  slot: string;
  /** Relative to the root, with `/` separators. */
  dir: string;
  options: Record<string, OptionDoc>;
}

/** A generated file that differs from what is committed. */
export interface DocsDrift {
  file: string;
  problem: string;
}

/** The command that rewrites every generated table. */
export const REGENERATE = "pnpm build && pnpm docs:options";

const README_MARKERS = ["<!-- options:start -->", "<!-- options:end -->"] as const;
const REFERENCE_MARKERS = ["<!-- plugin-reference:start -->", "<!-- plugin-reference:end -->"] as const;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The markdown options table of one plugin; `typeText` is core's `optionTypeText`. */
export function optionsTable(
  options: Record<string, OptionDoc>,
  typeText: (spec: OptionDoc) => string,
): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const fallback = spec.required
      ? "required"
      : spec.default === undefined
        ? "—"
        : `\`${JSON.stringify(spec.default)}\``;
    return `| \`${name}\` | \`${cell(typeText(spec))}\` | ${cell(fallback)} | ${cell(spec.doc)} |`;
  });
  if (rows.length === 0) return "This plugin takes no options.";
  return ["| Option | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** `text` with what lies between the two markers replaced by `content`; null when a marker is missing. */
export function replaceBetween(
  text: string,
  markers: readonly [string, string],
  content: string,
): string | null {
  const start = text.indexOf(markers[0]);
  const end = text.indexOf(markers[1]);
  if (start < 0 || end < start) return null;
  return `${text.slice(0, start + markers[0].length)}\n${content}\n${text.slice(end)}`;
}

/** Import every plugin's built entry and read the option description its factory exposes. */
export async function loadPluginDocs(
  root: string,
): Promise<{ plugins: PluginDoc[]; typeText: (s: OptionDoc) => string }> {
  const coreEntry = join(root, "packages", "core", "dist", "index.js");
  const core = (await import(pathToFileURL(coreEntry).href)) as { optionTypeText: (s: OptionDoc) => string };
  const plugins: PluginDoc[] = [];
  for (const pkg of listPackages(root).filter((p) => p.role === "plugin")) {
    const entry = join(root, pkg.dir, "dist", "index.js");
    if (!existsSync(entry))
      throw new Error(`${pkg.dir} is not built (no dist/index.js): run pnpm build first.`);
    const factory = ((await import(pathToFileURL(entry).href)) as { default?: Record<string, unknown> })
      .default;
    if (!factory?.options) {
      throw new Error(`${pkg.name} does not describe its options: pass options to definePlugin.`);
    }
    plugins.push({
      name: pkg.name,
      slot: String(factory.slot),
      dir: pkg.dir,
      options: factory.options as Record<string, OptionDoc>,
    });
  }
  return { plugins, typeText: core.optionTypeText };
}

/** Every generated file as it should read: path (relative to root) to content. */
export async function generatedDocs(
  root: string,
): Promise<{ files: Map<string, string>; drift: DocsDrift[] }> {
  const { plugins, typeText } = await loadPluginDocs(root);
  const files = new Map<string, string>();
  const drift: DocsDrift[] = [];
  const update = (file: string, markers: readonly [string, string], content: string) => {
    const path = join(root, file);
    const current = existsSync(path) ? readFileSync(path, "utf8") : "";
    const next = replaceBetween(current, markers, content);
    if (next === null) drift.push({ file, problem: `has no ${markers[0]} … ${markers[1]} section` });
    else if (next !== current) {
      files.set(file, next);
      drift.push({ file, problem: "differs from the generated options table" });
    }
  };
  for (const plugin of plugins)
    update(`${plugin.dir}/README.md`, README_MARKERS, optionsTable(plugin.options, typeText));
  const reference = plugins
    .map((p) => `### ${p.name} (${p.slot})\n\n${optionsTable(p.options, typeText)}`)
    .join("\n\n");
  update("docs/configuration.md", REFERENCE_MARKERS, reference);
  return { files, drift };
}

/** One line per drifted file, with the command that fixes it. */
export function formatDrift(drift: DocsDrift[]): string {
  return `${drift.map((d) => `  ${d.file} ${d.problem}`).join("\n")}\nRegenerate with: ${REGENERATE}`;
}
