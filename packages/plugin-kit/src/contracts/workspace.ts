import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectRef, WorkspaceInfo, WorkspacePlugin } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectAoError } from "../expect-ao-error.js";
import { expectPluginShape, uniqueId } from "./shared.js";

export interface WorkspaceFixture extends FixtureBase {
  plugin: WorkspacePlugin;
  /** A project whose `path` is a git checkout with `defaultBranch` pushed to its remote. */
  project: ProjectRef;
  /** Leave uncommitted changes in a workspace (default: write a new file into its path). */
  makeDirty?(workspace: WorkspaceInfo): Promise<void>;
  /**
   * Put a new branch with a commit of its own on the project's remote (as a
   * PR someone opened) and resolve with its head; without it the
   * `existingBranch` checks are skipped.
   */
  pushBranch?(branch: string): Promise<string>;
}

const create = (f: WorkspaceFixture, sessionId = uniqueId("ws")) =>
  f.plugin.create(f.project, { sessionId, branch: `ao/${sessionId}` });

const dirty = (f: WorkspaceFixture, workspace: WorkspaceInfo) =>
  f.makeDirty
    ? f.makeDirty(workspace)
    : writeFile(join(workspace.path, "ao-contract-uncommitted.txt"), "work\n");

/** The workspace contract's checks. */
export const workspaceChecks: Check<WorkspaceFixture>[] = [
  {
    name: "has the workspace slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "workspace");
    },
  },
  {
    name: "create makes a clean checkout on the requested branch",
    async run(f) {
      const sessionId = uniqueId("ws");
      const ws = await f.plugin.create(f.project, { sessionId, branch: `ao/${sessionId}` });
      expect(ws.branch).toBe(`ao/${sessionId}`);
      expect(JSON.parse(JSON.stringify(ws))).toEqual(ws);
      expect(await f.plugin.exists(f.project, ws)).toBe(true);
      const status = await f.plugin.status(f.project, ws);
      expect(status.dirty).toBe(false);
      expect(status.head).toMatch(/^[0-9a-f]{7,64}$/);
      expect(status.changedFiles).toEqual([]);
      await f.plugin.destroy(f.project, ws, { force: true });
    },
  },
  {
    name: "create again for the same session returns the same checkout",
    async run(f) {
      const sessionId = uniqueId("ws");
      const first = await create(f, sessionId);
      const again = await create(f, sessionId);
      expect(again.path).toBe(first.path);
      expect(again.branch).toBe(first.branch);
      await f.plugin.destroy(f.project, first, { force: true });
    },
  },
  {
    name: "create for the same session on another branch is refused with WORKSPACE_CONFLICT",
    async run(f) {
      const sessionId = uniqueId("ws");
      const first = await create(f, sessionId);
      try {
        await expectAoError(
          f.plugin.create(f.project, { sessionId, branch: `ao/${sessionId}-other` }),
          "WORKSPACE_CONFLICT",
        );
        // The existing checkout is left as it was.
        expect(await f.plugin.exists(f.project, first)).toBe(true);
        expect((await create(f, sessionId)).branch).toBe(first.branch);
      } finally {
        await f.plugin.destroy(f.project, first, { force: true });
      }
    },
  },
  {
    name: "two sessions get two different checkouts",
    async run(f) {
      const a = await create(f);
      const b = await create(f);
      expect(a.path).not.toBe(b.path);
      await f.plugin.destroy(f.project, a, { force: true });
      await f.plugin.destroy(f.project, b, { force: true });
    },
  },
  {
    name: "destroy removes a clean checkout and is idempotent",
    async run(f) {
      const ws = await create(f);
      await f.plugin.destroy(f.project, ws);
      expect(await f.plugin.exists(f.project, ws)).toBe(false);
      await f.plugin.destroy(f.project, ws);
    },
  },
  {
    name: "destroy of a checkout that does not exist is a no-op",
    async run(f) {
      const ws = await create(f);
      const missing = { ...ws, path: `${ws.path}-missing`, branch: `${ws.branch}-missing` };
      await f.plugin.destroy(f.project, missing);
      expect(await f.plugin.exists(f.project, missing)).toBe(false);
      expect(await f.plugin.exists(f.project, ws)).toBe(true);
      await f.plugin.destroy(f.project, ws, { force: true });
    },
  },
  {
    name: "destroy refuses UNSAVED_WORK with uncommitted changes, unless force",
    async run(f) {
      const ws = await create(f);
      await dirty(f, ws);
      expect((await f.plugin.status(f.project, ws)).dirty).toBe(true);
      await expectAoError(f.plugin.destroy(f.project, ws), "UNSAVED_WORK");
      expect(await f.plugin.exists(f.project, ws)).toBe(true);
      await f.plugin.destroy(f.project, ws, { force: true });
      expect(await f.plugin.exists(f.project, ws)).toBe(false);
    },
  },
  {
    name: "create with existingBranch checks out the remote branch at its head",
    async run(f, ctx) {
      if (!f.pushBranch) return ctx.skip("the fixture has no pushBranch()");
      const sessionId = uniqueId("ws");
      const branch = `ao-contract/${sessionId}`;
      const head = await f.pushBranch(branch);
      const ws = await f.plugin.create(f.project, { sessionId, branch, existingBranch: true });
      try {
        expect(ws.branch).toBe(branch);
        const status = await f.plugin.status(f.project, ws);
        expect(status.head).toBe(head);
        expect(status.dirty).toBe(false);
        // Re-creating it (a retried spawn) returns the same checkout.
        expect((await f.plugin.create(f.project, { sessionId, branch, existingBranch: true })).path).toBe(
          ws.path,
        );
      } finally {
        await f.plugin.destroy(f.project, ws, { force: true });
      }
    },
  },
  {
    name: "create with existingBranch of a branch the remote lacks fails",
    async run(f, ctx) {
      if (!f.pushBranch) return ctx.skip("the fixture has no pushBranch()");
      const sessionId = uniqueId("ws");
      await expect(
        f.plugin.create(f.project, {
          sessionId,
          branch: `ao-contract/${sessionId}-absent`,
          existingBranch: true,
        }),
      ).rejects.toThrow();
    },
  },
  {
    name: "list (when present) includes the project's checkouts",
    async run(f, ctx) {
      if (!f.plugin.list) return ctx.skip("the plugin has no list()");
      const ws = await create(f);
      expect((await f.plugin.list(f.project)).map((w) => w.path)).toContain(ws.path);
      await f.plugin.destroy(f.project, ws, { force: true });
      expect((await f.plugin.list(f.project)).map((w) => w.path)).not.toContain(ws.path);
    },
  },
];

/** Register the workspace contract: `workspaceContract({ setup: async () => ({ plugin, project, cleanup }) })`. */
export function workspaceContract(options: ContractOptions<WorkspaceFixture>): void {
  registerContract("workspace", options, workspaceChecks);
}
