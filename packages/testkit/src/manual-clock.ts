/** The engine's `Clock` shape (packages/engine/src/api.ts), restated so testkit needs no engine import. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A clock that only moves when a test says so. */
export interface ManualClock extends Clock {
  /** Move time forward, firing due timers in order (each sees `now()` equal to its due time). */
  advance(ms: number): void;
  /**
   * Like `advance`, but lets promises and I/O callbacks settle after each timer
   * fires, so async loops that re-arm a timer after awaiting are followed.
   */
  advanceAsync(ms: number): Promise<void>;
  /** Jump to an absolute time (must not go backwards), firing timers on the way. */
  set(time: number): void;
  /** Number of timers waiting to fire. */
  pending(): number;
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** Default start: a fixed, recognisable instant (2026-01-01T00:00:00Z). */
export const MANUAL_CLOCK_START = Date.UTC(2026, 0, 1);

/** Make a {@link ManualClock} starting at `start` ms since epoch. */
export function manualClock(start = MANUAL_CLOCK_START): ManualClock {
  let now = start;
  let nextId = 1;
  const timers: Timer[] = [];

  // Earliest due first; equal due times fire in scheduling order.
  const next = (until: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers) {
      if (t.due <= until && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) best = t;
    }
    return best;
  };
  const fire = (timer: Timer): void => {
    timers.splice(timers.indexOf(timer), 1);
    now = Math.max(now, timer.due);
    timer.fn();
  };
  const check = (ms: number): void => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`manualClock: cannot advance by ${ms} ms`);
  };

  const clock: ManualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { id: nextId++, due: now + Math.max(0, ms || 0), fn };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    advance(ms) {
      check(ms);
      const until = now + ms;
      for (let t = next(until); t; t = next(until)) fire(t);
      now = until;
    },
    async advanceAsync(ms) {
      check(ms);
      const until = now + ms;
      await settle();
      for (let t = next(until); t; t = next(until)) {
        fire(t);
        await settle();
      }
      now = until;
    },
    set(time) {
      if (time < now) throw new RangeError(`manualClock: cannot go back from ${now} to ${time}`);
      clock.advance(time - now);
    },
    pending: () => timers.length,
  };
  return clock;
}

// A few real macrotask turns let pending promise chains (and fast I/O) run.
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
