import { describe, expect, it } from "vitest";
import {
  formatOwner,
  homeIdFor,
  parseOwner,
  projectKeyProblem,
  runtimeNameFor,
  sameOwner,
} from "./identity.js";

describe("identity", () => {
  it("gives two AO_HOMEs different short ids, and one home the same id each time", () => {
    expect(homeIdFor("/home/a/.ao")).toMatch(/^[0-9a-f]{8}$/);
    expect(homeIdFor("/home/a/.ao")).toBe(homeIdFor("/home/a/.ao/"));
    expect(homeIdFor("/home/a/.ao")).not.toBe(homeIdFor("/home/b/.ao"));
  });

  it("scopes runtime names by home and project, even when project keys slug alike", () => {
    const a = runtimeNameFor({ home: homeIdFor("/h1"), project: "my.app", session: "my-app-1" });
    const b = runtimeNameFor({ home: homeIdFor("/h1"), project: "my_app", session: "my-app-1" });
    const c = runtimeNameFor({ home: homeIdFor("/h2"), project: "my.app", session: "my-app-1" });
    expect(new Set([a, b, c]).size).toBe(3);
    for (const name of [a, b, c]) expect(name).toMatch(/^ao-[A-Za-z0-9_-]+$/);
  });

  it("round-trips an owner stamp and rejects anything else", () => {
    const owner = { home: "0badf00d", project: "app", session: "app-3" };
    expect(parseOwner(formatOwner(owner))).toEqual(owner);
    expect(sameOwner(parseOwner(formatOwner(owner)), owner)).toBe(true);
    expect(sameOwner(owner, { ...owner, session: "app-4" })).toBe(false);
    for (const bad of ["", "ao", "{}", '{"home":1,"project":"a","session":"b"}', "null"]) {
      expect(parseOwner(bad)).toBeNull();
    }
  });

  it("accepts plain project keys and names what is wrong with the others", () => {
    for (const key of ["app", "my-app", "my_app.v2", "A1"]) expect(projectKeyProblem(key)).toBeNull();
    for (const key of [
      "",
      "a/b",
      "..",
      "a..b",
      ".hidden",
      "-x",
      "has space",
      "tab\tkey",
      "x:y",
      "é",
      "a".repeat(65),
    ]) {
      expect(projectKeyProblem(key), key).toEqual(expect.any(String));
    }
  });
});
