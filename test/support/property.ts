// Every property test prints the seed it runs with and can be replayed: FC_SEED=<seed> (and, to go straight
// to a shrunk counterexample, FC_PATH=<path> from fast-check's failure report) re-runs the same cases.
import { randomInt } from "node:crypto";
import type { Parameters } from "fast-check";
import { expect } from "vitest";

export function propertyParams<T>(params: Parameters<T> = {}): Parameters<T> {
  const fromEnv = process.env.FC_SEED;
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : (params.seed ?? randomInt(2 ** 31));
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(fromEnv)}`);
  const path = process.env.FC_PATH || undefined;
  const test = expect.getState().currentTestName ?? "a property";
  console.log(`fast-check seed ${seed} for "${test}": replay with FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ""}`);
  return { ...params, seed, ...(path !== undefined ? { path } : {}) };
}
