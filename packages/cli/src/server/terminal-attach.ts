import { AoError } from "@ao/core";
import type { EngineProject } from "@ao/engine";
import { projectOf } from "./review-comments.js";
import type { OpenViewer, ViewerStream } from "./terminal-socket.js";

type Attachable = {
  attach?: (
    handle: { id: string; data?: Record<string, unknown> },
    size: { cols: number; rows: number },
  ) => Promise<ViewerStream>;
};

/** Viewers on the runtimes of the daemon's projects: the runtime's own attach stream. */
export function runtimeViewers(projects: readonly EngineProject[]): OpenViewer {
  return async (session, size) => {
    const project = projectOf(projects, session);
    const runtime = project.plugins.runtime as typeof project.plugins.runtime & Attachable;
    const handle = session.resources.runtime;
    if (!handle || !runtime.attach) {
      throw new AoError({
        code: "NO_TERMINAL",
        message: `The runtime ${runtime.name} of session ${session.id} offers no live terminal.`,
        hint: `Read its output with GET /api/sessions/${session.id}/output instead.`,
      });
    }
    return runtime.attach(handle, size);
  };
}
