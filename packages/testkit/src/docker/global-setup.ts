import type {} from "vitest";
import { skipWithout } from "../require-tool.js";
import { type DockerEngine, startDockerEngine } from "./docker-engine.js";
import { buildTestImage } from "./test-image.js";

/**
 * What the docker global setup hands to the test files (through vitest's
 * `provide`/`inject`, so it is plain JSON): the engine, or why there is none.
 */
export type DockerTestEngine =
  | {
      available: true;
      /** The engine's unix socket. */
      socketPath: string;
      /** `DOCKER_HOST` for it. */
      host: string;
      /** Whether the setup started this engine for the run. */
      own: boolean;
      /** The test image's reference (`ao-test:<hash>`) when the setup was asked to build it. */
      image?: string;
    }
  | { available: false; reason: string };

declare module "vitest" {
  export interface ProvidedContext {
    /** The Docker engine of this test run (see `dockerGlobalSetup`). */
    aoDocker: DockerTestEngine;
  }
}

/** The part of vitest's `TestProject` the setup uses. */
export interface ProvidingProject {
  provide(key: "aoDocker", value: DockerTestEngine): void;
}

export interface DockerGlobalSetupOptions {
  /** Also build (or find) the test image and provide its reference. */
  image?: boolean;
}

/**
 * A vitest global setup that gets one Docker engine for all test files of a
 * package run: found or started by `startDockerEngine`, stopped (when it was
 * started) at teardown. It never throws: without an engine the test files
 * get `{ available: false, reason }` and decide with `skipWithoutDocker`
 * (which fails under AO_TEST_FULL=1). Use it from `test/global-setup.ts`:
 *
 * ```ts
 * import { dockerGlobalSetup } from "@ao/testkit";
 * export default (project) => dockerGlobalSetup(project, { image: true });
 * ```
 */
export async function dockerGlobalSetup(
  project: ProvidingProject,
  options: DockerGlobalSetupOptions = {},
): Promise<() => Promise<void>> {
  let engine: DockerEngine;
  try {
    engine = await startDockerEngine();
  } catch (err) {
    project.provide("aoDocker", { available: false, reason: (err as Error).message });
    return async () => {};
  }
  let image: string | undefined;
  if (options.image) {
    try {
      image = await buildTestImage(engine);
    } catch (err) {
      await engine.stop();
      project.provide("aoDocker", {
        available: false,
        reason: `the test image could not be built: ${(err as Error).message}`,
      });
      return async () => {};
    }
  }
  project.provide("aoDocker", {
    available: true,
    socketPath: engine.socketPath,
    host: engine.host,
    own: engine.own,
    ...(image ? { image } : {}),
  });
  return () => engine.stop();
}

/**
 * For `describe.skipIf(skipWithoutDocker(inject("aoDocker")))`: false when
 * the run has an engine; otherwise prints the reason and skips, except under
 * AO_TEST_FULL=1, where it throws so the suite fails (see `skipWithout`).
 */
export function skipWithoutDocker(
  docker: DockerTestEngine,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return skipWithout(
    docker.available ? "a Docker engine" : `a Docker engine (${docker.reason})`,
    docker.available,
    env,
  );
}
