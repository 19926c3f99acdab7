import { describe, expect, it } from "vitest";
import { isInternalAddress } from "./address.js";
import { decide } from "./decide.js";
import { matchRule, parseRules } from "./rules.js";

describe("allow rules", () => {
  const rules = parseRules(["API.Example.com.:443", "*.example.org:443", "[::1]:8080", "203.0.113.9:22"]);

  it("match exact names case-insensitively, on their port only", () => {
    expect(matchRule(rules, "api.example.com", 443)).toBeDefined();
    expect(matchRule(rules, "API.EXAMPLE.COM.", 443)).toBeDefined();
    expect(matchRule(rules, "api.example.com", 80)).toBeUndefined();
    expect(matchRule(rules, "www.api.example.com", 443)).toBeUndefined();
  });

  it("match a wildcard's subdomains at any depth, never the domain itself or a look-alike", () => {
    expect(matchRule(rules, "a.example.org", 443)?.wildcard).toBe(true);
    expect(matchRule(rules, "a.b.example.org", 443)).toBeDefined();
    expect(matchRule(rules, "example.org", 443)).toBeUndefined();
    expect(matchRule(rules, "badexample.org", 443)).toBeUndefined();
  });

  it("match IP literals exactly", () => {
    expect(matchRule(rules, "::1", 8080)).toBeDefined();
    expect(matchRule(rules, "203.0.113.9", 22)).toBeDefined();
    expect(matchRule(rules, "203.0.113.10", 22)).toBeUndefined();
  });

  it("reject entries without a port, with a bad port, or a wildcard IP", () => {
    for (const bad of [
      "example.com",
      "example.com:0",
      "example.com:70000",
      "*.10.0.0.1:443",
      "*:443",
      "a b:1",
      "http://x:1",
    ]) {
      expect(() => parseRules([bad]), bad).toThrow(/not host:port/);
    }
  });
});

describe("internal addresses", () => {
  it("cover loopback, private, link-local, CGNAT and their IPv6 and IPv4-mapped forms", () => {
    for (const a of [
      "127.0.0.1",
      "10.9.8.7",
      "172.31.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ["203.0.113.9", "8.8.8.8", "2001:db8::1", "172.32.0.1", "api.example.com"]) {
      expect(isInternalAddress(a), a).toBe(false);
    }
  });
});

describe("decide", () => {
  const rules = parseRules(["*.example.org:443", "git.corp.test:443"]);
  const lookup = async (host: string) =>
    ({
      "a.example.org": ["10.0.0.5", "203.0.113.7"],
      "b.example.org": ["127.0.0.1"],
      "git.corp.test": ["10.1.1.1"],
    })[host] ?? [];

  it("connects a wildcard name to its first public address only", async () => {
    expect(await decide(rules, "a.example.org", 443, lookup)).toEqual({
      allowed: true,
      address: "203.0.113.7",
    });
    expect(await decide(rules, "b.example.org", 443, lookup)).toMatchObject({ allowed: false, status: 403 });
  });

  it("trusts an exact rule wherever it resolves, and says when a name does not resolve", async () => {
    expect(await decide(rules, "git.corp.test", 443, lookup)).toEqual({ allowed: true, address: "10.1.1.1" });
    expect(await decide(rules, "c.example.org", 443, lookup)).toMatchObject({ allowed: false, status: 502 });
  });
});
