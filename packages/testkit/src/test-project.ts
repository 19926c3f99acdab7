import type { ProjectRef } from "@ao/core";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A core `ProjectRef` with harmless defaults; pass the fields a test cares about. */
export function testProject(overrides: Partial<ProjectRef> = {}): ProjectRef {
  const id = overrides.id ?? "app";
  const path = overrides.path ?? join(tmpdir(), `ao-test-project-${id}`);
  return {
    id,
    repo: `acme/${id}`,
    path,
    defaultBranch: "main",
    dataDir: join(path, ".ao-data"),
    ...overrides,
  };
}
