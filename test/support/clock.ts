// Clocks for tests, so that no test sleeps through a retry backoff, a Retry-After, a token's lifetime or the
// pause between verification re-reads.
//
// - fastClock(): real time plus every wait it was asked for, skipped at once. Code that measures elapsed
//   time sees the waits as if they had happened (a retry budget still runs out), nothing really waits.
// - manualClock(): time stands still until the test calls advance(); sleeps resolve when their time comes.
//   For tests that must observe "it is waiting now" (close() during a wait) or cross a deadline exactly.
import type { Clock } from "../../src/clock.js";
import { seededRandom } from "../../src/emulator/faults.js";

export interface TestClock extends Clock {
  /** Every wait asked for, in ms, in order. */
  readonly sleeps: number[];
}

const abortedReason = (signal: AbortSignal | undefined): unknown => (signal?.aborted ? signal.reason : undefined);

/** Jitter from a fixed seed: the same waits on every run. */
const jitter = (seed: number) => seededRandom(seed);

export function fastClock(seed = 1): TestClock {
  let skipped = 0;
  const sleeps: number[] = [];
  const random = jitter(seed);
  return {
    sleeps,
    now: () => performance.now() + skipped,
    date: () => new Date(Date.now() + skipped),
    random,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw abortedReason(signal);
      sleeps.push(ms);
      skipped += ms;
      // Yield once, as a real timer would: whatever was queued meanwhile runs before the waiter resumes.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw abortedReason(signal);
    },
  };
}

export interface ManualClock extends TestClock {
  /** Moves time forward, waking every sleep that is due (in order), and lets them run. */
  advance(ms: number): Promise<void>;
  /** Resolves once at least `count` sleeps are pending (a waiter has reached its wait). */
  pending(count?: number): Promise<void>;
}

export function manualClock(startMs = 0, seed = 1): ManualClock {
  let now = startMs;
  const epoch = Date.parse("2026-01-01T00:00:00Z");
  const sleeps: number[] = [];
  const waiting: { at: number; wake: () => void }[] = [];
  const watchers: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of watchers.splice(0)) {
      if (waiting.length >= w.count) w.resolve();
      else watchers.push(w);
    }
  };
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    sleeps,
    now: () => now,
    date: () => new Date(epoch + now),
    random: jitter(seed),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortedReason(signal));
        sleeps.push(ms);
        const entry = {
          at: now + ms,
          wake: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(abortedReason(signal));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiting.push(entry);
        notify();
      }),
    advance: async (ms) => {
      const target = now + ms;
      for (;;) {
        waiting.sort((a, b) => a.at - b.at);
        const next = waiting[0];
        if (next === undefined || next.at > target) break;
        waiting.shift();
        now = Math.max(now, next.at);
        next.wake();
        await flush();
      }
      now = target;
      await flush();
    },
    pending: (count = 1) =>
      new Promise<void>((resolve) => {
        watchers.push({ count, resolve });
        notify();
      }),
  };
}
