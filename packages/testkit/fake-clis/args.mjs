// Flag parsing shared by the fake CLIs: each CLI declares its flags, and an
// unknown flag fails with that CLI's own error text and exit code.

/**
 * @typedef {{ names: string[]; value?: boolean; repeat?: boolean; choices?: string[] }} FlagSpec
 * @typedef {{ flags: Record<string, FlagSpec>; unknown: (flag: string) => { text: string; code: number };
 *   badChoice: (flag: string, value: string, choices: string[]) => { text: string; code: number } }} ArgSpec
 */

export class UsageError extends Error {
  /** @param {string} text @param {number} code */
  constructor(text, code) {
    super(text);
    this.code = code;
  }
}

/**
 * Parse argv against `spec`: `--flag value`, `--flag=value`, `-f value`, `--` ends flags.
 * @param {string[]} argv
 * @param {ArgSpec} spec
 * @returns {{ flags: Record<string, string | boolean | string[]>; positional: string[] }}
 */
export function parseArgs(argv, spec) {
  /** @type {Map<string, [string, FlagSpec]>} */
  const byName = new Map();
  for (const [key, flag] of Object.entries(spec.flags))
    for (const name of flag.names) byName.set(name, [key, flag]);
  /** @type {Record<string, string | boolean | string[]>} */
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const found = byName.get(name);
    if (!found) {
      const { text, code } = spec.unknown(name);
      throw new UsageError(text, code);
    }
    const [key, flag] = found;
    if (!flag.value) {
      flags[key] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      const { text, code } = spec.unknown(name);
      throw new UsageError(text.replace("unknown option", "option requires an argument:"), code);
    }
    if (flag.choices && !flag.choices.includes(value)) {
      const { text, code } = spec.badChoice(name, value, flag.choices);
      throw new UsageError(text, code);
    }
    if (flag.repeat) flags[key] = [.../** @type {string[]} */ (flags[key] ?? []), value];
    else flags[key] = value;
  }
  return { flags, positional };
}
