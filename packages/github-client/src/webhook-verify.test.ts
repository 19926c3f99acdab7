import { createHmac } from "node:crypto";
import { expectAoError } from "@ao/plugin-kit";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./webhook-verify.js";

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const delivery = (body: string, signature: string | undefined, extra: Record<string, string> = {}) => ({
  headers: {
    "X-Hub-Signature-256": signature,
    "X-GitHub-Event": "pull_request",
    "X-GitHub-Delivery": "d-1",
    "X-GitHub-Hook-ID": "42",
    ...extra,
  },
  body: Buffer.from(body),
});

describe("verifyDelivery", () => {
  it("accepts GitHub's documented test vector", async () => {
    const sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(sign("It's a Secret to Everybody", "Hello, World!")).toBe(sig);
    // The vector's body is not JSON: it passes the signature and then fails as malformed.
    await expectAoError(
      verifyDelivery(delivery("Hello, World!", sig), { secrets: ["It's a Secret to Everybody"] }),
      "WEBHOOK_MALFORMED",
    );
  });

  it("parses a signed delivery with its ids", async () => {
    const body = JSON.stringify({ action: "opened", number: 3 });
    const got = await verifyDelivery(delivery(body, sign("s3cret", body)), { secrets: ["s3cret"] });
    expect(got).toEqual({
      event: "pull_request",
      deliveryId: "d-1",
      hookId: "42",
      payload: { action: "opened", number: 3 },
    });
  });

  it("accepts an older secret while rotating", async () => {
    const body = "{}";
    await expect(
      verifyDelivery(delivery(body, sign("old", body)), { secrets: ["new", "old"] }),
    ).resolves.toBeTruthy();
  });

  it("refuses a forged, missing or legacy-only signature", async () => {
    const body = JSON.stringify({ action: "opened" });
    await expectAoError(
      verifyDelivery(delivery(body, sign("wrong", body)), { secrets: ["s3cret"] }),
      "WEBHOOK_SIGNATURE_INVALID",
    );
    await expectAoError(
      verifyDelivery(delivery(body, undefined), { secrets: ["s3cret"] }),
      "WEBHOOK_SIGNATURE_INVALID",
    );
    await expectAoError(
      verifyDelivery(delivery(body, "sha1=abc"), { secrets: ["s3cret"] }),
      "WEBHOOK_SIGNATURE_INVALID",
    );
    await expectAoError(
      verifyDelivery(delivery(body, sign("", body)), { secrets: [""] }),
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });

  it("refuses an oversized body before verifying it", async () => {
    const body = JSON.stringify({ pad: "x".repeat(2000) });
    await expectAoError(
      verifyDelivery(delivery(body, sign("s", body)), { secrets: ["s"], maxBytes: 1000 }),
      "WEBHOOK_TOO_LARGE",
    );
  });

  it("refuses a signed delivery without its event headers", async () => {
    const body = "{}";
    const req = { headers: { "x-hub-signature-256": sign("s", body) }, body: Buffer.from(body) };
    await expectAoError(verifyDelivery(req, { secrets: ["s"] }), "WEBHOOK_MALFORMED");
  });
});
