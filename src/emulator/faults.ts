// Injected failures at a seeded rate, so a flaky network is reproducible: the same seed and the same
// request sequence give the same faults. A faulted request never reaches the handlers (it has no effect).
import { assertNever } from "../model.js";

export type FaultKind = "429-json" | "429-text" | "503" | "drop";
export const FAULT_KINDS: readonly FaultKind[] = ["429-json", "429-text", "503", "drop"];

export interface FaultOptions {
  /** 0..1 probability per request. */
  rate: number;
  /** Default: all four. */
  kinds?: readonly FaultKind[];
  /** Only requests whose path matches (default: every path except /oauth/…). */
  paths?: RegExp;
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
  for (const k of f.kinds ?? []) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${JSON.stringify(k)}`);
}

export function pickFault(f: FaultOptions | undefined, path: string, random: () => number): FaultKind | undefined {
  if (!f || f.rate <= 0) return undefined;
  const applies = f.paths ? f.paths.test(path) : !path.startsWith("/oauth/");
  if (!applies) return undefined;
  if (random() >= f.rate) return undefined;
  const kinds = f.kinds ?? FAULT_KINDS;
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
      return 0;
    default:
      return assertNever(kind);
  }
}
