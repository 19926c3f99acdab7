import { describe, expect, it } from "vitest";
import { KeyedSerial } from "./serial.js";

/** A promise with its resolver, to hold a queued job until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("KeyedSerial (merges per repository, transitions per session)", () => {
  it("starts a job only after the earlier one of its key settled, failed ones included", async () => {
    const queue = new KeyedSerial();
    const started: string[] = [];
    const first = gate();
    const a = queue.run("repo", async () => {
      started.push("a");
      await first.opened;
      throw new Error("a failed");
    });
    const b = queue.run("repo", async () => {
      started.push("b");
      return "b";
    });
    const other = queue.run("other-repo", async () => {
      started.push("other");
      return "other";
    });
    expect(await other).toBe("other");
    expect(started).toEqual(["a", "other"]); // b waits behind a; another repository does not
    first.open();
    await expect(a).rejects.toThrow("a failed");
    expect(await b).toBe("b");
    expect(started).toEqual(["a", "other", "b"]);
  });
});
