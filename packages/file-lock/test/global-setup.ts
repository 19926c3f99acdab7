import { join } from "node:path";
import { buildIfStale } from "@ao/testkit";

/** Child-process tests run the built dist: rebuild it first when a source is newer. */
export default function setup(): void {
  buildIfStale(join(import.meta.dirname, ".."));
}
