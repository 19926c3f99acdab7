export type * from "./api.js";
export {
  acquireDaemonLock,
  acquireWriterLock,
  readDaemonInfo,
  type DaemonInfo,
  type DaemonLock,
} from "./daemon-lock.js";
export {
  JournalFold,
  type NotifyFailure,
  type Overlap,
  type PendingEffect,
  type RecordInput,
} from "./fold.js";
export { Journal, journalDir, readJournal, type JournalOptions, type JournalWrite } from "./journal.js";
export { type FoldedJournal, type JournalLoss, readJournalState } from "./journal-load.js";
export { configuredSecrets, learnSecret, REDACTED, redactor, secretValues, textRedactor } from "./redact.js";
export { createEngine } from "./engine.js";
export { assertAgentInstalled, findExecutable } from "./agent-binary.js";
export { lastOutputPath, readLastOutput } from "./last-output.js";
export { systemClock } from "./clock.js";
