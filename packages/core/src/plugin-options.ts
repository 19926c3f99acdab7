import { parseDuration } from "./duration.js";
import { errors } from "./errors.js";

interface Base<T> {
  /** One line for the README's options table. */
  doc: string;
  default?: T;
  /** True when the plugin cannot work without it (no default). */
  required?: boolean;
  /** A value shown in error hints and docs when there is no default. */
  example?: T;
}

/** A writable stream as notifier options accept it. */
export type WritableLike = { write(chunk: string): unknown; isTTY?: boolean };

/**
 * One option of a plugin, as data: validated by {@link definePlugin} and read by
 * the docs generator. `duration` takes `"30s"` or milliseconds and hands the
 * plugin milliseconds; `command` is a shell line or an argv array.
 */
export type OptionSpec =
  | ({ type: "string" } & Base<string>)
  | ({ type: "number"; min?: number; max?: number; integer?: boolean } & Base<number>)
  | ({ type: "boolean" } & Base<boolean>)
  | ({ type: "duration" } & Base<string | number>)
  | ({ type: "enum"; values: readonly string[] } & Base<string>)
  | ({ type: "string-list" } & Base<readonly string[]>)
  | ({ type: "string-map" } & Base<Readonly<Record<string, string>>>)
  | ({ type: "command" } & Base<string | readonly string[]>)
  | ({ type: "stream" } & Base<"stderr" | "stdout">)
  | ({ type: "object" } & Base<Readonly<Record<string, unknown>>>);

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The value `create` receives for one option. */
export type OptionValue<T extends OptionSpec> = T extends { type: "enum"; values: readonly (infer V)[] }
  ? V
  : {
      string: string;
      number: number;
      boolean: boolean;
      duration: number;
      enum: string;
      "string-list": string[];
      "string-map": Record<string, string>;
      command: string | string[];
      stream: "stderr" | "stdout" | WritableLike;
      object: Record<string, unknown>;
    }[T["type"]];

/** What a user may write for one option. */
type InputValue<T extends OptionSpec> = T["type"] extends "duration"
  ? string | number
  : OptionValue<T> extends string[]
    ? readonly string[]
    : OptionValue<T>;

type Always<T> = T extends { required: true } ? true : T extends { default: unknown } ? true : false;
type Optional<D extends OptionSpecs> = { [K in keyof D]: Always<D[K]> extends true ? never : K }[keyof D];

/** What `create` receives: every option with a default or marked required is present. */
export type OptionValues<D extends OptionSpecs> = {
  -readonly [K in Exclude<keyof D, Optional<D>>]: OptionValue<D[K]>;
} & { -readonly [K in Optional<D>]?: OptionValue<D[K]> };

/** What a config may pass: the required options, and the rest optional. */
export type OptionInput<D extends OptionSpecs> = {
  [K in keyof D as D[K] extends { required: true } ? K : never]: InputValue<D[K]>;
} & { [K in keyof D as D[K] extends { required: true } ? never : K]?: InputValue<D[K]> };

/** How an option's type reads in docs and errors. */
export function optionTypeText(spec: OptionSpec): string {
  switch (spec.type) {
    case "enum":
      return spec.values.map((v) => `"${v}"`).join(" | ");
    case "number":
      return `${spec.integer ? "integer" : "number"}${spec.min !== undefined ? ` >= ${spec.min}` : ""}${spec.max !== undefined ? ` <= ${spec.max}` : ""}`;
    case "string-list":
      return "string[]";
    case "string-map":
      return "Record<string, string>";
    case "command":
      return "string | string[]";
    case "stream":
      return '"stderr" | "stdout" | stream';
    case "duration":
      return 'duration ("30s", ms)';
    default:
      return spec.type;
  }
}

const describe = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value === "object" ? "an object" : String(value);
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** Check one value against its spec; returns what `create` gets, or a problem sentence. */
function check(spec: OptionSpec, value: unknown): { value: unknown } | { problem: string } {
  const bad = (what: string) => ({ problem: `must be ${what} (got ${describe(value)})` });
  switch (spec.type) {
    case "string":
      return typeof value === "string" && value.length > 0 ? { value } : bad("a non-empty string");
    case "number": {
      const ok =
        typeof value === "number" &&
        Number.isFinite(value) &&
        (!spec.integer || Number.isInteger(value)) &&
        value >= (spec.min ?? Number.NEGATIVE_INFINITY) &&
        value <= (spec.max ?? Number.POSITIVE_INFINITY);
      return ok ? { value } : bad(`${spec.integer ? "an" : "a"} ${optionTypeText(spec)}`);
    }
    case "boolean":
      return typeof value === "boolean" ? { value } : bad("true or false");
    case "duration":
      try {
        if (typeof value !== "string" && typeof value !== "number") throw new Error();
        return { value: parseDuration(value) };
      } catch {
        return bad('a duration such as "30s", "10m" or a number of milliseconds');
      }
    case "enum":
      return typeof value === "string" && spec.values.includes(value)
        ? { value }
        : bad(`one of ${spec.values.map((v) => `"${v}"`).join(", ")}`);
    case "string-list":
      return isStringList(value) ? { value: [...value] } : bad("an array of strings");
    case "string-map":
      return isRecord(value) && Object.values(value).every((v) => typeof v === "string")
        ? { value: { ...value } }
        : bad("an object of string values");
    case "command":
      if (typeof value === "string" && value.length > 0) return { value };
      return isStringList(value) && value.length > 0 && value[0] !== ""
        ? { value: [...value] }
        : bad("a shell command line or a non-empty argv array");
    case "stream":
      return value === "stderr" ||
        value === "stdout" ||
        (isRecord(value) && typeof value.write === "function")
        ? { value }
        : bad('"stderr", "stdout" or a writable stream');
    case "object":
      return isRecord(value) ? { value } : bad("an object");
  }
}

/** The hint for a bad or missing option: a line the user can write. */
function fixFor(name: string, spec: OptionSpec): string {
  const sample = spec.example ?? spec.default;
  return sample === undefined
    ? `Set ${name} (${optionTypeText(spec)}).`
    : `Set ${name}: ${JSON.stringify(sample)}`;
}

/**
 * Validate raw options against their description: unknown keys are refused,
 * each value is checked, defaults fill the gaps. Errors name the plugin and the option.
 */
export function validateOptions<D extends OptionSpecs>(
  plugin: string,
  specs: D,
  raw: object,
): OptionValues<D> {
  const known = Object.keys(specs);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw errors.pluginOption(
        plugin,
        key,
        "is not an option of this plugin",
        `Known options: ${known.join(", ") || "none"}.`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined) {
      if (spec.required) throw errors.pluginOption(plugin, name, "is required", fixFor(name, spec));
      if (spec.default !== undefined) {
        // A default that fails its own type is the plugin's bug: say so rather than pass create nothing.
        const result = check(spec, spec.default);
        if ("problem" in result)
          throw errors.pluginOption(
            plugin,
            name,
            `has a default that ${result.problem}`,
            "Fix the plugin's option description.",
          );
        out[name] = result.value;
      }
      continue;
    }
    const result = check(spec, value);
    if ("problem" in result) throw errors.pluginOption(plugin, name, result.problem, fixFor(name, spec));
    out[name] = result.value;
  }
  return out as OptionValues<D>;
}
