import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkDependencyDirection, formatViolations } from "../src/dependency-direction.js";
import { listPackages } from "../src/workspace.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");
const fixture = join(here, "fixtures", "bad-repo");

describe("checkDependencyDirection", () => {
  it("finds no violation in this repository", () => {
    const packages = listPackages(repoRoot);
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(["@ao/core", "@ao/engine", "@ao/cli"]),
    );
    expect(packages.filter((p) => p.role === "plugin").length).toBeGreaterThan(3);
    const violations = checkDependencyDirection(repoRoot);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it("reports each wrong dependency and import of the fixture tree, and nothing else", () => {
    const violations = checkDependencyDirection(fixture);
    expect(violations.map((v) => `${v.package} -> ${v.target} @ ${v.where}`).sort()).toEqual([
      // core importing the engine
      "@ao/core -> @ao/engine @ packages/core/src/index.ts:1",
      // the shared lock package importing the engine (it may import only core)
      "@ao/file-lock -> @ao/engine @ packages/file-lock/src/index.ts:2",
      // a plugin that runs no container importing the egress proxy (only *docker* plugins may)
      "@ao/notifier-greedy -> @ao/egress-proxy @ packages/plugins/notifier-greedy/src/nested/lazy.ts:3",
      // a plugin of another service importing the GitHub client (only *github* plugins may)
      "@ao/notifier-greedy -> @ao/github-client @ packages/plugins/notifier-greedy/src/nested/lazy.ts:2",
      // a plugin importing plugin-kit's vitest entry, or a subpath that is not a run-time helper
      "@ao/notifier-greedy -> @ao/plugin-kit @ packages/plugins/notifier-greedy/src/index.ts:2",
      "@ao/notifier-greedy -> @ao/plugin-kit @ packages/plugins/notifier-greedy/src/index.ts:3",
      // a plugin importing another plugin (dynamically, in a nested file)
      "@ao/notifier-greedy -> @ao/runtime-bad @ packages/plugins/notifier-greedy/src/nested/lazy.ts:1",
      // a plugin depending on and importing the engine
      "@ao/runtime-bad -> @ao/engine @ packages/plugins/runtime-bad/package.json",
      "@ao/runtime-bad -> @ao/engine @ packages/plugins/runtime-bad/src/index.ts:2",
    ]);
  });

  it("explains the rule that was broken", () => {
    const [core] = checkDependencyDirection(fixture).filter((v) => v.package === "@ao/core");
    expect(core?.message).toBe("@ao/core imports @ao/engine: core imports nothing of ours");
    const plugin = checkDependencyDirection(fixture).find((v) => v.package === "@ao/notifier-greedy");
    expect(plugin?.message).toMatch(
      /a plugin imports only @ao\/core and @ao\/file-lock of ours \(never the engine, the CLI or another plugin\), plus the run-time helpers @ao\/plugin-kit\/process, @ao\/plugin-kit\/git-workspace, @ao\/plugin-kit\/agent-files, @ao\/plugin-kit\/attach and @ao\/plugin-kit\/http-delivery/,
    );
    expect(plugin?.message).toMatch(
      /the Docker plugins \(folder \*docker\*\) may also use @ao\/egress-proxy/,
    );
  });

  it("lets a plugin depend on @ao/plugin-kit and import its run-time subpaths, but not its main entry", () => {
    const violations = checkDependencyDirection(fixture);
    // tracker-fine depends on @ao/plugin-kit and @ao/file-lock and imports /process, /git-workspace,
    // /agent-files and the lock package: no violation.
    expect(violations.filter((v) => v.package === "@ao/tracker-fine")).toEqual([]);
    // scm-github-fine depends on and imports @ao/github-client: allowed for the GitHub plugins.
    expect(violations.filter((v) => v.package === "@ao/scm-github-fine")).toEqual([]);
    // runtime-docker-fine depends on and imports @ao/egress-proxy: allowed for the Docker plugins.
    expect(violations.filter((v) => v.package === "@ao/runtime-docker-fine")).toEqual([]);
    const bare = violations.filter(
      (v) => v.package === "@ao/notifier-greedy" && v.target === "@ao/plugin-kit",
    );
    expect(bare.map((v) => v.where)).toEqual([
      "packages/plugins/notifier-greedy/src/index.ts:2",
      "packages/plugins/notifier-greedy/src/index.ts:3",
    ]);
    expect(bare[0]?.message).toMatch(/never plugin-kit's main entry, which pulls in vitest/);
  });

  it("classifies packages by name and folder", () => {
    const roles = Object.fromEntries(listPackages(fixture).map((p) => [p.name, p.role]));
    expect(roles).toEqual({
      "@ao/cli": "cli",
      "@ao/core": "core",
      "@ao/engine": "engine",
      "@ao/file-lock": "file-lock",
      "@ao/testkit": "testkit",
      "@ao/notifier-greedy": "plugin",
      "@ao/runtime-bad": "plugin",
      "@ao/runtime-docker-fine": "plugin",
      "@ao/scm-github-fine": "plugin",
      "@ao/tracker-fine": "plugin",
    });
  });
});
