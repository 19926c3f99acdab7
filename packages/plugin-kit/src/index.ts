/**
 * @ao/plugin-kit: the per-slot contract suites every ao plugin runs in its own
 * tests, and small helpers for plugin authors. Import from a vitest test file:
 * `runtimeContract({ name: "@acme/ao-runtime-x", setup: async () => ({ plugin, home, cwd, cleanup }) })`.
 */
export {
  type Check,
  type CheckContext,
  type CheckResult,
  type ContractOptions,
  type FixtureBase,
  findCheck,
  registerContract,
  runCheck,
} from "./check.js";
export { DEFAULT_READ_BYTES, hostAgentFiles } from "./agent-files.js";
export { expectAoError } from "./expect-ao-error.js";
export { isFenced } from "./fence.js";
export { waitFor } from "./wait-for.js";
export { ECHO_SCRIPT, echoCommand, echoedLines, echoLine } from "./echo-program.js";
export { sampleNotification, sampleSession } from "./samples.js";
export { expectPluginShape, uniqueId } from "./contracts/shared.js";
export {
  collidingOwners,
  type RuntimeFixture,
  runtimeChecks,
  runtimeContract,
  TRICKY_MESSAGES,
} from "./contracts/runtime.js";
export { type AgentFixture, agentChecks, agentContract } from "./contracts/agent.js";
export { type WorkspaceFixture, workspaceChecks, workspaceContract } from "./contracts/workspace.js";
export { type IssueSeed, type TrackerFixture, trackerChecks, trackerContract } from "./contracts/tracker.js";
export { type ScmDrive, type ScmFixture, scmChecks, scmContract } from "./contracts/scm.js";
export {
  hostileNotification,
  type NotifierFixture,
  notifierChecks,
  notifierContract,
} from "./contracts/notifier.js";
export { type TerminalFixture, terminalChecks, terminalContract } from "./contracts/terminal.js";
export {
  HOSTILE_TEXT,
  type LifecycleFixture,
  lifecycleChecks,
  lifecycleContract,
} from "./contracts/lifecycle.js";
