import { tempDir } from "@ao/testkit";

export { testHost as host } from "@ao/testkit";

export const makeTemp = () => tempDir("ao-rt-proc-");

/** Poll `check` every 20 ms until it returns a value other than undefined. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
