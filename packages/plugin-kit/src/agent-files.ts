/**
 * Run-time helpers for agent plugins and the engine (no vitest): the host's
 * `AgentFiles`, a bounded reader of append-only JSONL transcripts, and
 * wall-clock times as CLIs print them in limit banners.
 */
export { DEFAULT_READ_BYTES, hostAgentFiles } from "./agent-files/host-files.js";
export { isTailCursor, readNewLines, TAIL_CHUNK, type TailCursor } from "./agent-files/jsonl-tail.js";
export { clockTime, monthIndex, wallClock } from "./agent-files/wall-clock.js";
export {
  type ActivityReading,
  type NativeEvidence,
  type WeighActivityInput,
  weighActivity,
} from "./agent-files/weigh-activity.js";
