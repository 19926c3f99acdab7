import type { Clock } from "./api.js";

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A logger that drops everything (the CLI passes a real one). */
export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
