import { describe, expect, it } from "vitest";
import dockerRuntime from "./index.js";
import { parseEgress } from "./egress.js";

const owner = "@ao/runtime-docker";

describe("the egress option", () => {
  it("takes a list of host:port destinations and copies it", () => {
    const allow = ["api.anthropic.com:443", "*.github.com:443", "127.0.0.1:8080"];
    const policy = parseEgress(owner, { allow });
    expect(policy).toEqual({ allow });
    expect(policy?.allow).not.toBe(allow);
    expect(parseEgress(owner, undefined)).toBeNull();
    expect(parseEgress(owner, { allow: [] })).toEqual({ allow: [] });
  });

  it.each([
    [{}, /needs `allow`/],
    [{ allow: "api.anthropic.com:443" }, /needs `allow`/],
    [{ allow: [443] }, /needs `allow`/],
    [{ allow: [], deny: [] }, /unknown keys: deny/],
    [{ allow: ["api.anthropic.com"] }, /not host:port/],
    [{ allow: ["*.1.2.3.4:443"] }, /not host:port/],
  ])("refuses %j with an error naming the option and a hint", (value, problem) => {
    let caught: unknown;
    try {
      parseEgress(owner, value as Record<string, unknown>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "PLUGIN_OPTION_INVALID", hint: expect.any(String) });
    expect((caught as Error).message).toContain(owner);
    expect((caught as Error).message).toMatch(problem);
  });

  it("is refused with a network other than none, which it could not limit", () => {
    expect(() =>
      dockerRuntime({ image: "x", network: "bridge", egress: { allow: ["api.anthropic.com:443"] } }),
    ).toThrow(/network.*egress only limits a container whose network is "none"/);
    expect(() => dockerRuntime({ image: "x", egress: { allow: ["nope"] } })).toThrow(/not host:port/);
    expect(dockerRuntime({ image: "x", egress: { allow: ["api.anthropic.com:443"] } }).name).toBe(owner);
  });
});
