import type { ProjectRef } from "@ao/core";
import { describe, expect, it } from "vitest";
import { authFromOptions, repoName } from "./project-options.js";

const project = (repo: string): ProjectRef => ({
  id: "app",
  repo,
  path: "/x",
  defaultBranch: "main",
  dataDir: "/d",
});

describe("authFromOptions", () => {
  it("uses the token variable when no App option is set", () => {
    expect(authFromOptions("@ao/x", { tokenEnv: "GH_TOKEN" })).toEqual({
      kind: "token",
      tokenEnv: "GH_TOKEN",
    });
  });

  it("refuses an App described by only some of its three options, naming the missing one", () => {
    expect(() => authFromOptions("@ao/x", { tokenEnv: "T", appId: "1", appInstallationId: 2 })).toThrow(
      /"appPrivateKeyFile" is missing/,
    );
  });

  it("expands ~ in the App's key path for every GitHub plugin alike", () => {
    const auth = authFromOptions("@ao/x", {
      tokenEnv: "T",
      appId: "1",
      appPrivateKeyFile: "~/app.pem",
      appInstallationId: 2,
    });
    expect(auth).toEqual({
      kind: "app",
      appId: "1",
      privateKeyFile: `${process.env.HOME}/app.pem`,
      installationId: 2,
    });
  });

  it("refuses a baseUrl that is not http(s)", () => {
    expect(() => authFromOptions("@ao/x", { tokenEnv: "T", baseUrl: "file:///etc" })).toThrow(/baseUrl/);
  });
});

describe("repoName", () => {
  it("reads owner/name, and the repository's https URL", () => {
    expect(repoName(project("acme/app"), "SCM").fullName).toBe("acme/app");
    expect(repoName(project(" https://github.example.com/acme/app.git "), "tracker")).toEqual({
      owner: "acme",
      repo: "app",
      fullName: "acme/app",
    });
  });

  it("refuses a path, an ssh remote or a name with a slash too many, saying what to write", () => {
    for (const bad of ["/srv/git/app", "git@github.com:acme/app.git", "acme/app/extra", "../app"]) {
      expect(() => repoName(project(bad), "tracker")).toThrow(/not a GitHub repository name/);
    }
  });
});
