// Injected failures at a seeded rate, so a flaky network is reproducible: the same seed and the same
// request sequence give the same faults. A faulted request never reaches the handlers (it has no effect).
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

export interface FaultOptions {
  /** 0..1 probability per request. */
  rate: number;
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
  if (!(f.rate >= 0 && f.rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${f.rate}`);
  if (f.kinds && f.kinds.length === 0) throw new RangeError("fault kinds must not be empty");
  if (f.limit !== undefined && !(Number.isInteger(f.limit) && f.limit >= 0)) throw new RangeError(`fault limit must be a whole number, got ${f.limit}`);
  for (const k of f.kinds ?? []) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${JSON.stringify(k)}`);
}

export function pickFault(f: FaultOptions | undefined, method: string, path: string, random: () => number, injected = 0): FaultKind | undefined {
  if (!f || f.rate <= 0) return undefined;
  if (f.limit !== undefined && injected >= f.limit) return undefined;
  if (f.methods && !f.methods.includes(method)) return undefined;
  const applies = f.paths ? f.paths.test(path) : !path.startsWith("/oauth/");
  if (!applies) return undefined;
  if (random() >= f.rate) return undefined;
  const kinds = f.kinds ?? DEFAULT_FAULT_KINDS;
  return kinds[Math.min(kinds.length - 1, Math.floor(random() * kinds.length))];
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
