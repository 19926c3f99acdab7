import { randomBytes } from "node:crypto";
import { expect } from "vitest";

/** The shape every plugin instance has: its slot, and its package name. */
export function expectPluginShape(plugin: { slot: string; name: string }, slot: string): void {
  expect(plugin.slot).toBe(slot);
  expect(typeof plugin.name).toBe("string");
  expect(plugin.name.length).toBeGreaterThan(0);
}

/** An id no other check (or concurrent run) uses; safe as a tmux name, branch part and file name. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
