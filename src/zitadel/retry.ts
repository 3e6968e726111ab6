// Bounded retries with exponential backoff and jitter (p-retry), honouring Retry-After.
//
// Which failures are retried is decided where the error is made (transport.ts marks them); this module
// only knows "retryable, maybe after N ms". Why retrying writes is safe here: every write the client
// sends carries the complete target state (both fields for PUT/POST, nothing for DELETE), so a repeat
// asks for the same end state and cannot produce a different effect. If the first attempt did land and
// only its response was lost, the repeat fails with NotChanged (PUT), AlreadyExists (POST) or NotFound
// (DELETE); apply/ treats exactly those as "re-read the target and decide from what is there".
import pRetry from "p-retry";
import { systemClock, type Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import { makeApiError } from "./api-error.js";

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly maxTotalMs: number;
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxTotalMs: 60_000, baseDelayMs: 200 };

/** No single backoff step waits longer than this, however many retries came before. */
const MAX_BACKOFF_MS = 10_000;

// Errors stay plain ApiErrors for callers; whether (and when) to retry is side information.
const retryable = new WeakMap<Error, { readonly afterMs?: number }>();

/** Marks `error` as worth another attempt, optionally not before `afterMs` (from Retry-After). */
export function markRetryable<E extends Error>(error: E, afterMs?: number): E {
  retryable.set(error, afterMs !== undefined ? { afterMs } : {});
  return error;
}

export const isRetryable = (error: Error): boolean => retryable.has(error);

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds from
 * `nowMs`, or undefined when absent or unreadable (then the normal backoff applies).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date always has a day or month name; Date.parse alone would also accept "-1" or "2025".
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `retry` (from 1): the base delay doubling each time, capped, times a jitter
 * factor in [1, 2) so that clients that failed together (a 429 burst) do not retry together.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  return Math.min(Math.round((1 + random()) * policy.baseDelayMs * 2 ** (retry - 1)), MAX_BACKOFF_MS);
}

/**
 * Runs `attempt` (given the attempt number, from 1) until it succeeds, throws a non-retryable error, or
 * the policy's attempts or time budget run out; then the last error is thrown as it is.
 *
 * p-retry runs the loop (numbering, judging, stopping on abort); the waits between attempts go through
 * `clock`, not p-retry's own timer, so that a test's clock can skip them and the budget is measured on the
 * same clock that waited.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  clock: Clock = systemClock,
): Promise<T> {
  const started = clock.now();
  const remainingMs = () => policy.maxTotalMs - (clock.now() - started);
  // Most calls succeed at once, and p-retry's set-up costs more than the rest of a call's bookkeeping
  // (bench/: 10,000-org plans). So the first attempt runs bare; a failure is handed to p-retry as the
  // outcome of its attempt 1, which judges and numbers the next attempts exactly as if it had made that
  // attempt itself.
  let firstFailure: unknown;
  try {
    return await attempt(1);
  } catch (error) {
    firstFailure = error;
  }
  let attempts = 1;
  const retrying = pRetry((n) => (n === 1 ? Promise.reject(firstFailure) : ((attempts = n), attempt(n))), {
    retries: Math.max(0, policy.maxAttempts - 1),
    // No waiting inside p-retry: shouldRetry waits on the clock (see above).
    minTimeout: 0,
    signal,
    shouldRetry: async ({ error, attemptNumber }) => {
      const mark = retryable.get(error);
      if (mark === undefined || remainingMs() <= 0) return false;
      if (mark.afterMs !== undefined && mark.afterMs > 0) {
        // The server said when to come back. If that is beyond the budget, fail now with its error
        // rather than sleep and fail anyway; otherwise wait it out (the jittered backoff follows).
        if (mark.afterMs >= remainingMs()) return false;
        await clock.sleep(mark.afterMs, signal);
      }
      // The last wait is cut to what is left of the budget: one more attempt, then give up.
      const wait = Math.min(backoffMs(attemptNumber, policy, () => clock.random()), remainingMs());
      if (wait > 0) await clock.sleep(wait, signal);
      return true;
    },
  });
  // A wait cut short by close() rejects with a generic AbortError; report why it was aborted instead.
  return retrying.catch((error: unknown) => {
    if (signal.aborted) throw signal.reason;
    // "timed out after 10 s" after a minute of retries would hide where the minute went.
    if (attempts > 1 && error instanceof ApiError) {
      const seconds = ((clock.now() - started) / 1000).toFixed(1);
      const serverMessage = `${error.info.serverMessage} (gave up after ${attempts} attempts in ${seconds} s)`;
      throw makeApiError({ ...error.info, serverMessage });
    }
    throw error;
  });
}
