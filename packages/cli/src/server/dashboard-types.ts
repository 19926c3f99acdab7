import type { SessionOutput } from "@ao/dashboard";
import type { StatusSession } from "../status-shape.js";

/**
 * The dashboard's JSON shapes are declared once, in @ao/dashboard (the app
 * reads them; the daemon builds its answers with them). Only the debug
 * bundle, which the app passes through untouched, is the daemon's own.
 */
export type {
  Board,
  BoardGroup,
  BoardSession,
  DashboardComment,
  DashboardPr,
  SessionOutput,
  TimelineEntry,
} from "@ao/dashboard";

/** `GET /api/sessions/<id>/debug-bundle` (a download). */
export interface DebugBundle {
  kind: "ao-debug-bundle";
  version: string;
  generatedAt: string;
  session: StatusSession;
  records: Array<Record<string, unknown>>;
  config: unknown;
  lastOutput: SessionOutput;
}
