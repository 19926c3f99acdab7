import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  agentContract,
  echoLine,
  lifecycleContract,
  notifierContract,
  runtimeContract,
  scmContract,
  terminalContract,
  trackerContract,
  workspaceContract,
} from "@ao/plugin-kit";
import {
  fakeAgent,
  fakeLifecycle,
  fakeNotifier,
  fakeRuntime,
  fakeScm,
  fakeTerminal,
  fakeTracker,
  fakeWorkspace,
  gitRepo,
  tempDir,
  testHost,
  testProject,
} from "../src/index.js";

runtimeContract({
  name: "fakeRuntime",
  setup: async () => {
    const plugin = fakeRuntime({ echo: echoLine });
    await plugin.setup?.(testHost("/ao-contract-home"));
    return {
      plugin,
      home: "/ao-contract-home",
      cwd: "/nowhere",
      outputTimeoutMs: 1000,
      attachResources: async () => plugin.control.viewers(),
    };
  },
});

agentContract({
  name: "fakeAgent",
  setup: async () => ({ plugin: fakeAgent(), cwd: "/nowhere" }),
});

agentContract({
  name: "fakeAgent with launch files and trust",
  setup: async () => ({
    plugin: fakeAgent({ trust: true, files: [{ path: ".agent/settings.json", content: "{}", merge: true }] }),
    cwd: "/nowhere",
  }),
});

workspaceContract({
  name: "fakeWorkspace",
  setup: async () => {
    const dir = await tempDir();
    const plugin = fakeWorkspace({ root: dir.path });
    return {
      plugin,
      project: testProject(),
      makeDirty: async (ws) => plugin.control.setDirty(ws.path, true),
      pushBranch: async (branch: string) => {
        const sha = createHash("sha1").update(branch).digest("hex");
        plugin.control.pushBranch(branch, sha);
        return sha;
      },
      cleanup: dir.cleanup,
    };
  },
});

workspaceContract({
  name: "fakeWorkspace with a stateFile",
  setup: async () => {
    const dir = await tempDir();
    const plugin = fakeWorkspace({ stateFile: join(dir.path, "ws.json") });
    return {
      plugin,
      project: testProject(),
      makeDirty: async (ws) => plugin.control.setDirty(ws.path, true),
      pushBranch: async (branch: string) => {
        const sha = createHash("sha1").update(branch).digest("hex");
        plugin.control.pushBranch(branch, sha);
        return sha;
      },
      cleanup: dir.cleanup,
    };
  },
});

trackerContract({
  name: "fakeTracker",
  setup: async () => {
    const plugin = fakeTracker();
    let next = 1;
    return {
      plugin,
      project: testProject(),
      async seed(seeds) {
        return seeds.map((s) => {
          const issue = {
            id: String(next++),
            title: s.title,
            body: s.body,
            labels: s.labels,
            state: s.state ?? "open",
          };
          plugin.control.add({
            ...issue,
            ...(s.assignee ? { assignee: s.assignee } : {}),
            ...(s.milestone ? { milestone: s.milestone } : {}),
          });
          return issue;
        });
      },
    };
  },
});

scmContract({
  name: "fakeScm",
  setup: async () => {
    const repo = await gitRepo();
    const branch = "ao/contract-1";
    await repo.git(["checkout", "--quiet", "-b", branch]);
    await writeFile(join(repo.path, "change.txt"), "a change\n");
    await repo.git(["add", "change.txt"]);
    await repo.git(["commit", "--quiet", "-m", "A change"]);
    const plugin = fakeScm();
    return {
      plugin,
      project: testProject({ path: repo.path, repo: repo.remote }),
      workspaceWithCommits: { path: repo.path, branch },
      drive: {
        ciPassed: async (pr) => plugin.control.setCi(pr, "passed"),
        ciFailed: async (pr, log) => plugin.control.setCi(pr, "failed", log),
        approve: async (pr) => plugin.control.approve(pr),
        requestChanges: async (pr, body) => plugin.control.requestChanges(pr, body),
        close: async (pr) => plugin.control.close(pr),
      },
      cleanup: repo.cleanup,
    };
  },
});

scmContract({
  name: "fakeScm with a secret, driven through review()",
  setup: async () => ({
    plugin: fakeScm({ secret: "s", heads: () => "e".repeat(40) }),
    project: testProject(),
    workspaceWithCommits: { path: "/nowhere", branch: "ao/contract-2" },
  }),
});

notifierContract({
  name: "fakeNotifier",
  setup: async () => {
    const plugin = fakeNotifier();
    return { plugin, received: async () => plugin.control.sent.map((n) => `${n.title}\n${n.body}`) };
  },
});

terminalContract({
  name: "fakeTerminal",
  setup: async () => ({
    plugin: fakeTerminal(),
    info: { type: "tmux", target: "app-1", socket: "ao-test" },
    unsupported: { type: "url", url: "http://127.0.0.1:3000/s/app-1" },
    kind: "argv",
  }),
});

lifecycleContract({ name: "fakeLifecycle", setup: async () => ({ plugin: fakeLifecycle() }) });
