import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A fake's world state, optionally backed by a JSON file. With a file, every
 * read reloads it and every mutation rewrites it (synchronously, atomically by
 * rename), so a test process and a child engine process see one world even
 * across a crash of either.
 */
export interface FakeState<T> {
  /** The current state (reloaded from the file when there is one). */
  read(): T;
  /** Apply a mutation and persist it. */
  update<R>(mutate: (state: T) => R): R;
}

export function fakeState<T>(stateFile: string | undefined, initial: () => T): FakeState<T> {
  let memory: T = initial();
  if (stateFile && !existsSync(stateFile)) save(stateFile, memory);

  const read = (): T => {
    if (stateFile) memory = load(stateFile, initial);
    return memory;
  };
  return {
    read,
    update(mutate) {
      const state = read();
      const result = mutate(state);
      if (stateFile) save(stateFile, state);
      return result;
    },
  };
}

function load<T>(file: string, initial: () => T): T {
  if (!existsSync(file)) return initial();
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

let counter = 0;
function save(file: string, state: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${counter++}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
