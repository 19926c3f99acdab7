import { isAoError } from "@ao/core";

/**
 * Await `promise` (or call `fn`) and assert it fails with an ao error of
 * `code`; resolves with the error so a test can check more of it.
 */
export async function expectAoError(
  promise: Promise<unknown> | (() => unknown),
  code: string,
): Promise<Error & { code: string }> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    const value = typeof promise === "function" ? await promise() : await promise;
    outcome = { ok: true, value };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    throw new Error(
      `Expected an ao error with code ${code}, but it succeeded (with ${describe(outcome.value)}).`,
    );
  }
  const error = outcome.error;
  if (!isAoError(error) && !hasCode(error)) {
    throw new Error(`Expected an ao error with code ${code}, but got ${describe(error)}.`, { cause: error });
  }
  const got = (error as { code: string }).code;
  if (got !== code) {
    throw new Error(
      `Expected an ao error with code ${code}, but got code ${got}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return error as Error & { code: string };
}

function hasCode(value: unknown): boolean {
  return value instanceof Error && typeof (value as { code?: unknown }).code === "string";
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
