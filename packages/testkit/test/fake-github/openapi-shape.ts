import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Checks an answer of the fake against the 2xx schema of the same operation in
 * GitHub's OpenAPI description: every key we send must be declared there, and
 * every required key must be present (recursively, through $ref/allOf/anyOf).
 */

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};

interface Spec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

let spec: Spec | undefined;
function load(): Spec {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const dir = require.resolve("@octokit/openapi/package.json").replace(/package\.json$/, "");
    spec = JSON.parse(readFileSync(`${dir}generated/api.github.com.json`, "utf8")) as Spec;
  }
  return spec;
}

function deref(s: Schema): Schema {
  let cur = s;
  while (cur.$ref) {
    const name = cur.$ref.replace("#/components/schemas/", "");
    const next = load().components.schemas[name];
    if (!next) throw new Error(`unknown $ref ${cur.$ref}`);
    cur = next;
  }
  return cur;
}

/** Problems found, as `path: what is wrong`; empty when the value fits. */
export function shapeProblems(schemaIn: Schema, value: unknown, path = "$"): string[] {
  const s = deref(schemaIn);
  if (value === null)
    return s.nullable || s.type === undefined || s.anyOf || s.oneOf ? [] : [`${path}: null is not allowed`];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const results = alternatives.map((a) => shapeProblems(a, value, path));
    return results.some((r) => r.length === 0) ? [] : (results.sort((a, b) => a.length - b.length)[0] ?? []);
  }
  if (s.allOf) {
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf.map(deref)) {
      Object.assign(merged.properties ?? {}, part.properties);
      merged.required?.push(...(part.required ?? []));
      if (part.additionalProperties) merged.additionalProperties = part.additionalProperties;
    }
    return shapeProblems(merged, value, path);
  }
  if (s.type === "array") {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((v, i) => (s.items ? shapeProblems(s.items, v, `${path}[${i}]`) : []));
  }
  if (s.type === "object" || s.properties) {
    if (typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object`];
    const problems: string[] = [];
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? [])
      if (!(key in obj)) problems.push(`${path}.${key}: required but missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) problems.push(...shapeProblems(prop, v, `${path}.${key}`));
      else if (!s.additionalProperties && s.properties)
        problems.push(`${path}.${key}: not in GitHub's schema`);
    }
    return problems;
  }
  const t = typeof value;
  if (s.type === "integer" && !Number.isInteger(value)) return [`${path}: expected an integer`];
  if (s.type === "number" && t !== "number") return [`${path}: expected a number`];
  if (s.type === "string" && t !== "string") return [`${path}: expected a string`];
  if (s.type === "boolean" && t !== "boolean") return [`${path}: expected a boolean`];
  if (s.enum && !s.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  return [];
}

/** The JSON schema of an operation's answer with this status. */
export function responseSchema(method: string, template: string, status: number): Schema {
  const op = load().paths[template]?.[method.toLowerCase()];
  const schema = op?.responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`GitHub's OpenAPI has no ${status} JSON answer for ${method} ${template}`);
  return schema;
}
