// Time, as the tool's waiting code sees it: retry backoff and Retry-After waits, token renewal, the pause
// between verification re-reads, and the timestamps of journals and drift checks. Everything that waits or
// asks the time takes a Clock, so tests can pass one that skips the waits (test/support/clock.ts) instead
// of sleeping for real. Time on the wire (a request's timeout) stays real: it belongs to the socket.
import { setTimeout as delay } from "node:timers/promises";

export interface Clock {
  /** Milliseconds on a monotonic scale (only differences mean anything): budgets and renewal times. */
  now(): number;
  /** The wall-clock time: what a journal or drift report records, and what file times are compared with. */
  date(): Date;
  /** Resolves after `ms`; rejects with `signal.reason` when the signal is (or gets) aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1): the jitter of retry backoff. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  date: () => new Date(),
  sleep: async (ms, signal) => {
    // timers/promises rejects with a generic AbortError; callers want to know why the wait was cut short.
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw err;
    }
  },
  random: () => Math.random(),
};
