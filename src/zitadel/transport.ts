// One HTTP attempt at a time, over a pooled keep-alive connection (undici Pool), inside the client's
// concurrency limit (p-limit) and optional request-rate limit (p-throttle). Retrying is the caller's
// job (retry.ts); this module marks which failures are worth retrying.
import { EventEmitter, setMaxListeners } from "node:events";
import pLimit from "p-limit";
import pThrottle from "p-throttle";
import Pool from "undici/lib/dispatcher/pool.js";
import request from "undici/lib/api/api-request.js";
import { ApiError } from "../errors.js";
import { errorFromNetwork, errorFromResponse, makeApiError, type RequestContext } from "./api-error.js";
import type { BaseUrl } from "./base-url.js";
import type { HttpMethod } from "./endpoints.js";
import type { Redactor } from "./redact.js";
import { markRetryable, parseRetryAfter } from "./retry.js";
import type { RequestEvent } from "./types.js";

// undici's Pool and its request() are imported from their own files, not from the package index: the index
// also loads fetch, cookies, WebSocket, the mocks and the rest, about 100 ms of CPU at every start of the CLI,
// for classes this client never uses. (The index installs request() on every dispatcher's prototype; without
// it, request is called on the pool.) undici has no "exports" map, so the files are reachable and bundlers see
// them; undici-files.d.ts types them, package.json pins undici's exact version, and
// test/zitadel/undici-pool.test.ts checks both are what the index exports.

export interface Outgoing extends RequestContext {
  readonly method: HttpMethod;
  /** Extra headers (Authorization, Content-Type). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Incoming {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface TransportOptions {
  readonly base: BaseUrl;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly maxRequestsPerSecond?: number;
  readonly onRequest?: (e: RequestEvent) => void;
  readonly redactor: Redactor;
}

export interface Transport {
  /** Sends one attempt. Resolves with a 2xx response; throws an ApiError otherwise (marked if retryable). */
  send(out: Outgoing, attempt: number): Promise<Incoming>;
  /** Aborted by close(): pending attempts and retry waits stop. */
  readonly signal: AbortSignal;
  close(): Promise<void>;
}

/** Overload and gateway failures: the request most likely never reached ZITADEL's logic, or will succeed later. */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * How often deadlines are checked: a tenth of the timeout, within these bounds (an attempt overruns by at most that).
 */
const MIN_SWEEP_MS = 10;
const MAX_SWEEP_MS = 1000;

/** undici accepts an EventEmitter with `aborted`/`reason` as a request's signal (documented in its types). */
interface AttemptAbort extends EventEmitter {
  aborted: boolean;
  reason: unknown;
}

function attemptAbort(): AttemptAbort {
  return Object.assign(new EventEmitter(), { aborted: false, reason: undefined as unknown });
}

function abortAttempt(attempt: AttemptAbort, reason: unknown): void {
  if (attempt.aborted) return;
  attempt.aborted = true;
  attempt.reason = reason;
  attempt.emit("abort");
}

/**
 * The largest answer read: a page of 1,000 orgs is a few hundred kilobytes. Anything bigger is not
 * ZITADEL's answer to these requests, and reading it whole would let a server fill the memory.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** The body as text, or an ApiError (not retried) once it grows past MAX_RESPONSE_BYTES. */
async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  ctx: RequestContext,
  status: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.length;
    if (length > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw makeApiError({
        ...ctx,
        status,
        serverMessage:
          `the response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB and was not read further; ` +
          `this is not ZITADEL's answer (check the URL)`,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function createTransport(options: TransportOptions): Transport {
  const { base, timeoutMs, redactor } = options;
  const closing = new AbortController();
  // Every request waiting out a backoff listens on this signal; hundreds may wait at once under a 429 burst,
  // which is expected, not a leak (Node would warn on stderr past 10 listeners).
  setMaxListeners(0, closing.signal);
  const pool = new Pool(base.origin, {
    connections: options.concurrency,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off (Node's
    // TLS reads that variable only when this option is left unset). Own CAs: NODE_EXTRA_CA_CERTS.
    connect: { timeout: Math.min(timeoutMs, 10_000), rejectUnauthorized: true },
  });
  const limit = pLimit(options.concurrency);
  const rps = options.maxRequestsPerSecond;
  // Evenly spaced starts (one per 1/rps s) rather than bursts of rps: ZITADEL Cloud averages per IP,
  // and a burst at the start of a window is what trips edge rate limiters.
  type Wrap = <F extends (out: Outgoing, attempt: number) => Promise<Incoming>>(f: F) => F;
  const throttle: Wrap =
    rps !== undefined && rps > 0
      ? pThrottle({ limit: 1, interval: 1000 / rps, strict: true, signal: closing.signal })
      : (f) => f;

  // Every attempt has a deadline, kept in `inFlight` and enforced by one sweeping interval, and an abort
  // handle that close() and the sweep fire. Cheaper than what it replaces, which mattered at 10,000 orgs
  // (bench/): AbortSignal.any() + AbortSignal.timeout() cost ~30 µs per request on Node 20, and even a plain
  // AbortController (an EventTarget, which undici listens on) plus a timer per attempt cost ~25 µs.
  const inFlight = new Map<AttemptAbort, number>();
  const sweepMs = Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, timeoutMs / 10));
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    const now = performance.now();
    for (const [attempt, deadline] of inFlight) {
      if (deadline <= now) abortAttempt(attempt, new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
    }
  };

  const attemptOnce = throttle(async (out: Outgoing, attempt: number): Promise<Incoming> => {
    const ctx: RequestContext = {
      method: out.method,
      path: out.path,
      ...(out.orgId !== undefined ? { orgId: out.orgId } : {}),
    };
    const started = performance.now();
    let status = 0;
    // Whether this attempt failed in a way the client retries (budget permitting): callers report waits.
    let retryable = false;
    const abort = attemptAbort();
    // The deadline covers connecting, waiting for headers and reading the whole body (undici's own timeouts
    // only bound the gaps between them), so a server that drips its answer cannot hold an attempt open.
    inFlight.set(abort, started + timeoutMs);
    // Unref'd: it never keeps the process alive; an open socket does while a request is in flight.
    sweeper ??= setInterval(sweep, sweepMs).unref();
    try {
      if (closing.signal.aborted) throw closing.signal.reason;
      const res = await request.call(pool, {
        method: out.method,
        path: base.prefix + out.path,
        headers: {
          accept: "application/json",
          "user-agent": "zitadel-lockout",
          ...(out.orgId !== undefined ? { "x-zitadel-orgid": out.orgId } : {}),
          ...out.headers,
        },
        ...(out.body !== undefined ? { body: out.body } : {}),
        signal: abort,
      });
      status = res.statusCode;
      const text = await readCapped(res.body, ctx, status);
      const response = { status, contentType: header(res.headers["content-type"]) ?? "", text };
      if (status >= 200 && status < 300) return response;
      const error = errorFromResponse(ctx, { ...response, location: header(res.headers.location) }, redactor);
      if (!RETRYABLE_STATUS.has(status)) throw error;
      retryable = true;
      throw markRetryable(error, parseRetryAfter(header(res.headers["retry-after"]), Date.now()));
    } catch (err) {
      // HTTP errors made above are final here; anything else is a network-level failure.
      if (err instanceof ApiError) throw err;
      if (closing.signal.aborted) throw errorFromNetwork(ctx, closing.signal.reason, timeoutMs, redactor).error;
      const failure = errorFromNetwork(ctx, err, timeoutMs, redactor);
      retryable = failure.retryable;
      throw failure.retryable ? markRetryable(failure.error) : failure.error;
    } finally {
      inFlight.delete(abort);
      options.onRequest?.({ ...ctx, status, attempt, ms: Math.round(performance.now() - started), retryable });
    }
  });

  return {
    send: (out, attempt) => limit(() => attemptOnce(out, attempt)),
    signal: closing.signal,
    async close() {
      closing.abort(new Error("the client was closed"));
      clearInterval(sweeper);
      for (const attempt of inFlight.keys()) abortAttempt(attempt, closing.signal.reason);
      await pool.close().catch(() => pool.destroy());
    },
  };
}
