import { isPluginInstance } from "@ao/core";

/**
 * The name routing knows a notifier by: its key in the record form; in the
 * array form the name as written (`"desktop"`, the tuple's first element) or
 * an imported instance's own name.
 */
export function notifierName(value: unknown, key?: string): string | undefined {
  if (key !== undefined) return key;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  if (isPluginInstance(value)) return (value as { name: string }).name;
  return undefined;
}

/** The instance names of one `notifiers` value (either form); none when it is malformed. */
export function notifierNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => notifierName(v) ?? []);
  if (value !== null && typeof value === "object" && !isPluginInstance(value)) return Object.keys(value);
  return [];
}
