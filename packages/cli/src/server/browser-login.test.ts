import { describe, expect, it } from "vitest";
import { BrowserLogins, cookieValue } from "./browser-login.js";

describe("browser logins", () => {
  it("a login token works once, and only within its lifetime", () => {
    let now = 1_000;
    const logins = new BrowserLogins("ao_1", () => now, 600_000);
    const once = logins.issue();
    const cookie = logins.redeem(once);
    expect(cookie).toMatch(/^[0-9a-f]{64}$/);
    expect(logins.valid(cookie as string)).toBe(true);
    expect(logins.redeem(once)).toBeUndefined();

    const late = logins.issue();
    now += 600_001;
    expect(logins.redeem(late)).toBeUndefined();
    expect(logins.redeem("not-issued")).toBeUndefined();
    expect(logins.valid("0".repeat(64))).toBe(false);
  });

  it("sets a host-only, script-proof, same-site-only cookie and reads it back", () => {
    const logins = new BrowserLogins("ao_4000");
    expect(logins.setCookie("abc")).toBe("ao_4000=abc; HttpOnly; SameSite=Strict; Path=/");
    expect(cookieValue("x=1; ao_4000=abc; ao_4001=def", "ao_4000")).toBe("abc");
    expect(cookieValue("ao_40000=zzz", "ao_4000")).toBeUndefined();
    expect(cookieValue(undefined, "ao_4000")).toBeUndefined();
  });
});
