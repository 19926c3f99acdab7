import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  checkApiRequest,
  checkListenHost,
  checkWebhookRequest,
  isOwnOrigin,
  originPolicy,
} from "./origin-policy.js";
import { parseTarget } from "./request-target.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("request targets", () => {
  it("decodes origin-form paths and refuses anything else with BAD_REQUEST", () => {
    expect(parseTarget("/api/sessions/a%20b?raw=1").parts).toEqual(["api", "sessions", "a b"]);
    for (const bad of ["//[", "//evil/x", "http://evil/api", "*", "/api/%E0%A4%A", "/%ZZ"]) {
      expect(() => parseTarget(bad), bad).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
    }
  });
});

describe("the origin policy", () => {
  const loopback = originPolicy("127.0.0.1", 4000);

  it("serves the loopback spellings of its own port only", () => {
    expect([...loopback.hosts].sort()).toEqual(["127.0.0.1:4000", "[::1]:4000", "localhost:4000"]);
    expect(() => checkApiRequest(loopback, req({ host: "LOCALHOST:4000" }))).not.toThrow();
    expect(() => checkApiRequest(loopback, req({ host: "evil.example:4000" }))).toThrow(
      expect.objectContaining({ code: "MISDIRECTED_REQUEST" }),
    );
    expect(() => checkApiRequest(loopback, req({}))).toThrow(
      expect.objectContaining({ code: "MISDIRECTED_REQUEST" }),
    );
  });

  it("accepts only its own origins", () => {
    expect(isOwnOrigin(loopback, "http://localhost:4000")).toBe(true);
    for (const origin of [
      "null",
      "http://localhost:4001",
      "http://evil.example",
      "http://localhost:4000/x",
      "ftp://localhost:4000",
    ]) {
      expect(isOwnOrigin(loopback, origin), origin).toBe(false);
    }
  });

  it("checks a webhook's Host only against a configured public URL, and refuses browsers", () => {
    expect(() => checkWebhookRequest(loopback, req({ host: "tunnel.example" }))).not.toThrow();
    const pub = originPolicy("127.0.0.1", 4000, "https://hooks.example.com");
    expect(() => checkWebhookRequest(pub, req({ host: "hooks.example.com" }))).not.toThrow();
    expect(() => checkWebhookRequest(pub, req({ host: "tunnel.example" }))).toThrow(
      expect.objectContaining({ code: "MISDIRECTED_REQUEST" }),
    );
    expect(() => checkWebhookRequest(loopback, req({ host: "x", origin: "https://a.example" }))).toThrow(
      expect.objectContaining({ code: "CROSS_ORIGIN" }),
    );
  });

  it("refuses a non-loopback listen address unless allowed, and warns when allowed", () => {
    expect(checkListenHost({ host: "127.0.0.1", allowRemote: false })).toBeUndefined();
    expect(checkListenHost({ host: "::1", allowRemote: false })).toBeUndefined();
    expect(() => checkListenHost({ host: "0.0.0.0", allowRemote: false })).toThrow(
      expect.objectContaining({ code: "REMOTE_HOST_REFUSED" }),
    );
    expect(checkListenHost({ host: "192.168.1.5", allowRemote: true })).toContain("192.168.1.5");
  });
});
