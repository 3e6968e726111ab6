// Property: whatever the desired and live states, applying a plan's `after` values and planning again
// yields only noops — the diff converges in one step and never flaps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ActualState, LockoutSettings, ObservedOrg, Plan, ResolvedOrg } from "../../src/model.js";
import { computePlan, desiredFromPlan, type ResolvedDesired } from "../../src/plan/index.js";
import { propertyParams } from "../support/property.js";

const num = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(4294967295));
const settings = fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num });
const patch = fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num }, { requiredKeys: [] });
const orgIds = [
  "300000000000000001",
  "300000000000000002",
  "300000000000000003",
  "300000000000000004",
  "300000000000000005",
];

const world = fc.record({
  instance: settings,
  live: fc.tuple(...orgIds.map(() => fc.option(settings, { nil: null }))),
  wantInstance: fc.option(patch, { nil: undefined }),
  want: fc.tuple(
    ...orgIds.map(() =>
      fc.option(
        fc.oneof(
          patch.map((p) => ({ p })),
          fc.constant("inherit" as const),
        ),
        { nil: undefined },
      ),
    ),
  ),
  prune: fc.boolean(),
  protect: fc.subarray(orgIds),
});

function toActual(instance: LockoutSettings, live: readonly (LockoutSettings | null)[], seq: number): ActualState {
  const orgs = new Map<string, ObservedOrg>();
  live.forEach((c, i) => {
    const orgId = orgIds[i]!;
    orgs.set(orgId, {
      orgId,
      policy: c
        ? { settings: c, inherited: false, sequence: String(seq + i + 1) }
        : { settings: instance, inherited: true, sequence: String(seq) },
    });
  });
  return {
    server: "http://127.0.0.1:1",
    instance: { settings: instance, inherited: false, sequence: String(seq) },
    orgs,
  };
}

/** What a perfect apply leaves behind: every changed target holds its `after`. */
function applyToWorld(plan: Plan, instance: LockoutSettings, live: readonly (LockoutSettings | null)[]) {
  let inst = instance;
  const next = [...live];
  for (const c of plan.changes) {
    if (c.target === "instance") inst = c.after!;
    else next[orgIds.indexOf(c.target.slice(4))] = c.after;
  }
  return { inst, next };
}

describe("computePlan convergence (property)", () => {
  it("re-planning after applying a plan gives only noops", () => {
    fc.assert(
      fc.property(world, (w) => {
        const orgs: ResolvedOrg[] = [];
        w.want.forEach((x, i) => {
          const orgId = orgIds[i]!;
          const origin = { file: "f.yaml", line: i + 1, column: 1 };
          if (x === "inherit") orgs.push({ ref: { kind: "id", id: orgId }, mode: "inherit", origin, orgId });
          else if (x) orgs.push({ ref: { kind: "id", id: orgId }, mode: "custom", settings: x.p, origin, orgId });
        });
        const desired: ResolvedDesired = {
          ...(w.wantInstance
            ? { instance: { settings: w.wantInstance, origin: { file: "f.yaml", line: 1, column: 1 } } }
            : {}),
          orgs,
          prune: { enabled: w.prune, protectedOrgIds: new Set(w.protect) },
        };
        const first = computePlan({ desired, actual: toActual(w.instance, w.live, 100), toolVersion: "t" });
        const { inst, next } = applyToWorld(first, w.instance, w.live);
        const after = toActual(inst, next, 200);
        const second = computePlan({ desired, actual: after, toolVersion: "t" });
        expect(second.changes.filter((c) => c.action !== "noop")).toEqual([]);
        // The plan read back as desired state agrees: verification after apply would pass.
        const verify = computePlan({ desired: desiredFromPlan(first), actual: after, toolVersion: "t" });
        expect(verify.changes.filter((c) => c.action !== "noop")).toEqual([]);
        // Summary counts match the changes.
        expect(Object.values(first.summary).reduce((a, b) => a + b, 0)).toBe(first.changes.length);
      }),
      propertyParams({ numRuns: 500 }),
    );
  });
});
