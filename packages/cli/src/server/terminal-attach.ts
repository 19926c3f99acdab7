import { AoError, type AttachStream, type SessionSnapshot, type TerminalSize } from "@ao/core";
import type { EngineProject } from "@ao/engine";
import { openAttach } from "@ao/plugin-kit/attach";
import { projectOf } from "./review-comments.js";

/** Opens a viewer on a session's runtime. */
export type OpenViewer = (session: SessionSnapshot, size: TerminalSize) => Promise<AttachStream>;

/** Viewers on the runtimes of the daemon's projects: the runtime's own attach stream, else the polled view. */
export function runtimeViewers(projects: readonly EngineProject[]): OpenViewer {
  return async (session, size) => {
    const project = projectOf(projects, session);
    const handle = session.resources.runtime;
    if (!handle) {
      throw new AoError({
        code: "NO_TERMINAL",
        message: `Session ${session.id} has no runtime to show.`,
        hint: `Read its last output with GET /api/sessions/${session.id}/output instead.`,
      });
    }
    return openAttach(project.plugins.runtime, handle, size);
  };
}
