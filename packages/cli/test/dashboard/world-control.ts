import { join } from "node:path";
import type { ProjectRef } from "@ao/core";
import { fakeAgent, fakeRuntime, fakeScm } from "@ao/testkit";
import type { fakeWorld } from "../helpers.js";

/**
 * The fakes of a daemon's world, driven from the test: they share its state
 * files, so what the test sets is what the daemon observes on its next tick.
 */
export function worldControl(world: ReturnType<typeof fakeWorld>) {
  const file = (name: string) => join(world.env.AO_TEST_WORLD as string, `${name}.json`);
  const agent = fakeAgent({ stateFile: file("agent") });
  const runtime = fakeRuntime({ stateFile: file("runtime") });
  const scm = fakeScm({ stateFile: file("scm") });
  return {
    agent: agent.control,
    runtime: runtime.control,
    scm: scm.control,
    /** The fake runtime of a session (its id is the runtime's own, not the session's). */
    runtimeOf: (session: string): string => {
      const id = runtime.control.ids().find((r) => runtime.control.record(r)?.sessionId === session);
      if (!id) throw new Error(`no fake runtime for session ${session}`);
      return id;
    },
    /** Open a PR for a session's branch, as the agent would have. */
    openPr: async (branch: string, title: string) => {
      const project: ProjectRef = {
        id: "app",
        repo: "acme/app",
        path: world.dir,
        defaultBranch: "main",
        dataDir: join(world.dir, "data"),
      };
      return (await scm.openPR(project, { branch, title, body: "", base: "main" })).number;
    },
  };
}
