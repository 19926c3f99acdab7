/**
 * @ao/testkit (private): fixtures and in-memory fakes of every ao slot for
 * tests of the engine, the CLI and the plugins.
 */
export { tempDir, type TempDir } from "./temp-dir.js";
export {
  DEFAULT_REPO_FILES,
  git,
  gitRepo,
  type GitRepo,
  type GitRepoOptions,
  pushRemoteBranch,
} from "./git-repo.js";
export { MANUAL_CLOCK_START, manualClock, type Clock, type ManualClock } from "./manual-clock.js";
export { testProject } from "./test-project.js";
export { quietLog, testHost } from "./test-host.js";
export {
  FAKE_GITHUB_TOKEN,
  startFakeGitHub,
  type FakeGitHub,
  type FakeApp,
  type FakeGitHubEvent,
} from "./fake-github/index.js";
export type * from "./fake-github/types.js";
export { fakeState, type FakeState } from "./fakes/state-file.js";
export type { BaseControl, CallCounts, Fake, FakeFactory } from "./fakes/define-fake.js";
export { fakeRuntime, type FakeRuntimeControl, type FakeRuntimeOptions } from "./fakes/fake-runtime.js";
export { fakeAgent, type FakeAgentControl, type FakeAgentOptions } from "./fakes/fake-agent.js";
export {
  fakeWorkspace,
  type FakeWorkspaceControl,
  type FakeWorkspaceOptions,
} from "./fakes/fake-workspace.js";
export {
  fakeTracker,
  type FakeTrackerControl,
  type FakeIssue,
  type FakeTrackerOptions,
  type IssueMarks,
} from "./fakes/fake-tracker.js";
export { fakeScm, type FakePr, type FakeScmControl, type FakeScmOptions } from "./fakes/fake-scm.js";
export { fakeNotifier, type FakeNotifierControl, type FakeNotifierOptions } from "./fakes/fake-notifier.js";
export { fakeTerminal, type FakeTerminalControl, type FakeTerminalOptions } from "./fakes/fake-terminal.js";
export {
  fakeLifecycle,
  type FakeLifecycleControl,
  type FakeLifecycleOptions,
} from "./fakes/fake-lifecycle.js";
export { skipWithout, sqliteAvailable, toolAvailable } from "./require-tool.js";
export { buildIfStale } from "./build-if-stale.js";
export {
  FAKE_AGENT_CLIS,
  type FakeAgentCliName,
  type FakeAgentClis,
  fakeAgentCliDir,
  installFakeAgentClis,
} from "./fake-agent-clis.js";
export { startTmuxAgent, type TmuxAgent } from "./tmux-agent.js";
export * from "./notify-receivers/index.js";
export {
  type DockerEngine,
  DockerEngineUnavailable,
  type StartDockerEngineOptions,
  startDockerEngine,
} from "./docker/docker-engine.js";
export { dockerCli, dockerCliAsync } from "./docker/docker-cli.js";
export { type EngineAnswer, engineRequest, pingEngine } from "./docker/engine-api.js";
export {
  type DockerGlobalSetupOptions,
  type DockerTestEngine,
  dockerGlobalSetup,
  type ProvidingProject,
  skipWithoutDocker,
} from "./docker/global-setup.js";
export {
  buildTestImage,
  TEST_IMAGE_REPO,
  type TestImageOptions,
  testImagePaths,
} from "./docker/test-image.js";
export {
  type FakeCliHarness,
  type FakeCliHarnessOptions,
  type FakeCliPaths,
  fakeCliHarness,
} from "./fake-cli-harness.js";
