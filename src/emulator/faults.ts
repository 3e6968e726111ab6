// Injected failures, two ways. At a seeded rate: the same seed and the same request sequence give the same
// faults (but concurrent clients send in varying order, so which request fails varies). Or scheduled: each
// distinct request fails its first N attempts, whatever the order, so a test sees the same faults on every
// run. A faulted request never reaches the handlers (it has no effect), except "lost-response".
import { assertNever } from "../model.js";

/**
 * "drop" closes the connection before the request has any effect. "lost-response" lets the request take
 * effect and then closes the connection before the answer: the case where a client cannot know whether its
 * write happened, which is what makes a retry come back as NotChanged / AlreadyExists / NotFound.
 * "lost-response" is opt-in (not in the default set), so seeded fault sequences stay as they were.
 */
export type FaultKind = "429-json" | "429-text" | "503" | "drop" | "lost-response";
export const FAULT_KINDS: readonly FaultKind[] = ["429-json", "429-text", "503", "drop", "lost-response"];
export const DEFAULT_FAULT_KINDS: readonly FaultKind[] = ["429-json", "429-text", "503", "drop"];

/** Which requests may be faulted, and how. */
interface FaultFilter {
  /** Default: DEFAULT_FAULT_KINDS (all but "lost-response"). */
  kinds?: readonly FaultKind[];
  /** Only requests whose path matches (default: every path except /oauth/…). */
  paths?: RegExp;
  /** Only requests with one of these HTTP methods (default: all). */
  methods?: readonly string[];
  /** Inject at most this many faults, then serve normally (default: no limit). Makes "the first write's
   *  response is lost, its retry goes through" reproducible regardless of timing. */
  limit?: number;
}

/** Each matching request is faulted with probability `rate` (0..1), on the emulator's seeded dice. */
export interface RandomFaults extends FaultFilter {
  rate: number;
}

/**
 * Each distinct matching request (same method, path and query, org and body) fails its first
 * `firstAttempts` attempts, then is served. Which requests (with `share`) and which kind each fault is
 * depend only on the request and the emulator's seed, not on the order requests arrive in.
 */
export interface ScheduledFaults extends FaultFilter {
  firstAttempts: number;
  /** The fraction (0..1) of distinct requests that get faults at all, chosen by request and seed. Default 1. */
  share?: number;
}

export type FaultOptions = RandomFaults | ScheduledFaults;

/** What the emulator remembers between requests to decide the next fault. */
export interface FaultState {
  /** Faults injected since the options were set (for `limit`). */
  injected: number;
  /** Scheduled faults: attempts seen per request key. */
  readonly attempts: Map<string, number>;
}

/** The facts about one request that the fault decision uses. */
export interface FaultRequest {
  readonly method: string;
  readonly path: string;
  /** Identifies a request across its retries: method, path and query, org, body. */
  readonly key: string;
}

/** mulberry32: a small, well-distributed 32-bit PRNG; plenty for fault dice. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function validateFaults(f: FaultOptions): void {
  if ("firstAttempts" in f) {
    if (!(Number.isInteger(f.firstAttempts) && f.firstAttempts >= 0)) {
      throw new RangeError(`fault firstAttempts must be a whole number, got ${f.firstAttempts}`);
    }
    if (f.share !== undefined && !(f.share >= 0 && f.share <= 1)) {
      throw new RangeError(`fault share must be between 0 and 1, got ${f.share}`);
    }
  } else if (!(f.rate >= 0 && f.rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${f.rate}`);
  if (f.kinds && f.kinds.length === 0) throw new RangeError("fault kinds must not be empty");
  if (f.limit !== undefined && !(Number.isInteger(f.limit) && f.limit >= 0)) throw new RangeError(`fault limit must be a whole number, got ${f.limit}`);
  for (const k of f.kinds ?? []) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${JSON.stringify(k)}`);
}

export function pickFault(
  f: FaultOptions | undefined,
  request: FaultRequest,
  state: FaultState,
  random: () => number,
  seed: number,
): FaultKind | undefined {
  if (!f) return undefined;
  if (f.limit !== undefined && state.injected >= f.limit) return undefined;
  if (f.methods && !f.methods.includes(request.method)) return undefined;
  const applies = f.paths ? f.paths.test(request.path) : !request.path.startsWith("/oauth/");
  if (!applies) return undefined;
  const kinds = f.kinds ?? DEFAULT_FAULT_KINDS;
  if ("firstAttempts" in f) {
    if (f.share !== undefined && hash(`share\n${seed}\n${request.key}`) / 2 ** 32 >= f.share) return undefined;
    const attempt = state.attempts.get(request.key) ?? 0;
    state.attempts.set(request.key, attempt + 1);
    if (attempt >= f.firstAttempts) return undefined;
    // The request's own kinds, one after the other from a start that the request and the seed choose.
    return kinds[(hash(`kind\n${seed}\n${request.key}`) + attempt) % kinds.length];
  }
  if (f.rate <= 0 || random() >= f.rate) return undefined;
  return kinds[Math.min(kinds.length - 1, Math.floor(random() * kinds.length))];
}

/** FNV-1a, 32 bit: spreads request keys over the fault kinds. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** HTTP status the request log records for a fault (0: no response at all). */
export function faultStatus(kind: FaultKind): number {
  switch (kind) {
    case "429-json":
    case "429-text":
      return 429;
    case "503":
      return 503;
    case "drop":
    case "lost-response":
      return 0;
    default:
      return assertNever(kind);
  }
}
