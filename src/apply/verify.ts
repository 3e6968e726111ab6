// Step 4 of apply: re-read every changed target and run the same diff against the plan's `after` values.
// Both reads the client uses bring ZITADEL's projection up to date first (docs/zitadel-api.md §2.3: M1 and S1), but
// when that catch-up fails ZITADEL only logs it and answers from the projection as it stands
// (internal/query/lockout_policy.go, LockoutPolicyByOrg): a read whose sequence is older than the one our
// write returned is re-read after a short pause, a bounded number of times, instead of reported as a failure.
import type { Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import type { ActualState, ObservedOrg, ObservedPolicy, Plan, TargetId } from "../model.js";
import { orgIdOf } from "../model.js";
import { computePlan, desiredFromPlan, summarize } from "../plan/index.js";
import { observeTarget, orgIdsOf, type PolicyReader } from "../actual/index.js";
import type { TargetResult } from "./apply.js";

const STALE_READ_RETRIES = 8;
const STALE_READ_PAUSE_MS = 250;

/** A changed target whose check after the writes could not be made (its re-read failed): state unknown. */
export interface Unverified {
  readonly target: TargetId;
  readonly orgName?: string;
  readonly error: string;
}

export async function verify(
  client: PolicyReader,
  plan: Plan,
  results: readonly TargetResult[],
  toolVersion: string,
  clock: Clock,
  vouched: ReadonlyMap<TargetId, Vouched> = new Map(),
) {
  const written = new Map<TargetId, Written>();
  for (const r of results)
    if (r.outcome.status === "applied")
      written.set(r.change.target, { sequence: r.outcome.sequence, created: r.change.action === "create" });
  const targets: TargetId[] = ["instance", ...results.map((r) => r.change.target).filter((t) => t !== "instance")];
  // A read that fails leaves its target unverified rather than ending the run: the writes are done, and
  // the report must still say, target by target, what was applied. Targets the event log vouches for
  // (our write is the last event of their row) are not read again: their state is what we wrote.
  const direct = await Promise.all(
    targets.map((t) =>
      vouched.has(t)
        ? undefined
        : readAtLeast(client, t, written.get(t), clock, orgIdsOf(targets)).then(
            (policy) => ({ policy }),
            (err: unknown) => {
              if (!(err instanceof ApiError)) throw err;
              return { error: err.message };
            },
          ),
    ),
  );
  const instanceRead = direct[0]!;
  const reads = direct.map((r, i) => r ?? fromVouched(vouched.get(targets[i]!)!, instanceRead));
  const failedRead = new Map(targets.flatMap((t, i) => ("error" in reads[i]! ? [[t, reads[i]!.error] as const] : [])));
  // Every org is judged against the instance it would inherit: without that read, nothing can be judged.
  const instanceError = failedRead.get("instance");
  const unverified: Unverified[] = results.flatMap(({ change: c }) => {
    const error =
      failedRead.get(c.target) ??
      (instanceError !== undefined
        ? `the instance policy, needed to judge it, could not be read: ${instanceError}`
        : undefined);
    return error === undefined
      ? []
      : [{ target: c.target, ...(c.orgName !== undefined ? { orgName: c.orgName } : {}), error }];
  });
  const notJudged = new Set(unverified.map((u) => u.target));
  const pending = results.map((r) => r.change).filter((c) => !notJudged.has(c.target));
  const byTarget = new Map(targets.flatMap((t, i) => ("policy" in reads[i]! ? [[t, reads[i]!.policy] as const] : [])));
  if (instanceError !== undefined)
    return { verification: undefined, observed: new Map<TargetId, ObservedPolicy>(), unverified };

  const orgs = new Map<string, ObservedOrg>();
  for (const c of pending) {
    const orgId = orgIdOf(c.target);
    if (orgId !== undefined)
      orgs.set(orgId, {
        orgId,
        ...(c.orgName !== undefined ? { orgName: c.orgName } : {}),
        policy: byTarget.get(c.target)!,
      });
  }
  const actual: ActualState = { server: plan.server, instance: byTarget.get("instance")!, orgs };
  const expected: Plan = { ...plan, changes: pending, summary: summarize(pending) };
  const verification = computePlan({ desired: desiredFromPlan(expected), actual, toolVersion });
  const observed = new Map<TargetId, ObservedPolicy>(pending.map((c) => [c.target, byTarget.get(c.target)!]));
  return { verification, observed, unverified };
}

/** A target's state after our write, known from the event log: our values, or inheriting (the instance's row). */
export type Vouched = { readonly kind: "custom"; readonly policy: ObservedPolicy } | { readonly kind: "inherits" };

function fromVouched(
  v: Vouched,
  instance: { policy: ObservedPolicy } | { error: string },
): { policy: ObservedPolicy } | { error: string } {
  if (v.kind === "custom") return { policy: v.policy };
  if ("error" in instance) return instance;
  return { policy: { ...instance.policy, inherited: true } };
}

/** What our own write to a target returned: its sequence, and whether it created the org's custom policy. */
interface Written {
  readonly sequence: string;
  readonly created: boolean;
}

/** Reads a target until it shows at least our write (or the retries run out). */
async function readAtLeast(
  client: PolicyReader,
  target: TargetId,
  written: Written | undefined,
  clock: Clock,
  managedOrgIds: readonly string[],
): Promise<ObservedPolicy> {
  let read = await observeTarget(client, target, managedOrgIds);
  for (let i = 0; written !== undefined && i < STALE_READ_RETRIES && olderThan(read, written); i++) {
    await clock.sleep(STALE_READ_PAUSE_MS);
    read = await observeTarget(client, target, managedOrgIds);
  }
  return read;
}

/**
 * Whether a read predates our write. Within a custom row, by sequence. A reset org reads the instance row
 * (another aggregate's sequence), so an inheriting read after a reset is never "older". But an inheriting
 * read after our create is exactly what a projection that has not caught up shows: the row we created is
 * not there yet.
 */
const olderThan = (read: ObservedPolicy, written: Written): boolean =>
  read.inherited ? written.created : BigInt(read.sequence) < BigInt(written.sequence);
