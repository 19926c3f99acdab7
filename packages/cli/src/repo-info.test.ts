import { describe, expect, it } from "vitest";
import { parseHostedRemote } from "./repo-info.js";

describe("parseHostedRemote", () => {
  it("reads owner/name from https and ssh remotes of GitHub and GitLab", () => {
    expect(parseHostedRemote("https://github.com/acme/app.git")).toEqual({
      kind: "github",
      repo: "acme/app",
    });
    expect(parseHostedRemote("git@github.com:acme/app.git")).toEqual({ kind: "github", repo: "acme/app" });
    expect(parseHostedRemote("ssh://git@gitlab.com/group/sub/app")).toEqual({
      kind: "gitlab",
      repo: "group/sub/app",
    });
  });

  it("returns null for anything else", () => {
    expect(parseHostedRemote("/srv/git/app.git")).toBeNull();
    expect(parseHostedRemote("https://example.com/acme/app.git")).toBeNull();
  });
});
