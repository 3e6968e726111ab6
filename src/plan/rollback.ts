// Rollback (docs/rollback.md): the journal's history of verified applies, and the plan that returns the
// targets of the last one to the state they had before it. Pure: the caller reads the journal and the live
// state of those targets and passes them in; the plan it gets back is an ordinary plan, applied by the same
// preflight → one write per change → verify path as every other.
import {
  orgIdOf,
  type ActualState,
  type Origin,
  type Plan,
  type PlanSummary,
  type ResolvedDesired,
  type ResolvedOrg,
  type RollbackInfo,
  type RollbackSnapshot,
  type TargetId,
} from "../model.js";
import { computePlan } from "./compute.js";

/**
 * A target's state as the journal records it: values (null: the org inherits) and `details.sequence` (for an
 * inheriting org, the instance policy's).
 */
export type TargetSnapshot = RollbackSnapshot;

/** One target a verified apply changed: what preflight confirmed before the write, what verify read after. */
export interface HistoryTarget {
  readonly target: TargetId;
  readonly orgName?: string;
  readonly before: TargetSnapshot;
  readonly after: TargetSnapshot;
}

/** One verified apply that changed at least one target. */
export interface HistoryRecord {
  readonly appliedAt: string;
  /** `rollback` when the applied plan was made by `rollback` (a second rollback undoes it like any apply). */
  readonly kind: "apply" | "rollback";
  readonly toolVersion: string;
  readonly summary: PlanSummary;
  /** The targets it changed, instance first, then orgs by id. */
  readonly targets: readonly HistoryTarget[];
}

/** How many verified applies the journal keeps; older ones are dropped first. */
export const HISTORY_LIMIT = 20;

/** The history after one more record: appended, the oldest dropped beyond the limit. */
export const appendHistory = (history: readonly HistoryRecord[], record: HistoryRecord): readonly HistoryRecord[] =>
  [...history, record].slice(-HISTORY_LIMIT);

const ROLLBACK_ORIGIN: Origin = { file: "(rollback)", line: 1, column: 1 };

export interface RollbackInput {
  readonly record: HistoryRecord;
  /** The live state of every target of the record (and the instance, always). */
  readonly actual: ActualState;
  readonly toolVersion: string;
}

/**
 * The plan back to `record`'s before-state, through the one diff (computePlan): the record's before values
 * become the desired state of exactly its targets. Targets whose live state is no longer what the apply left
 * (someone changed them since) are listed in `rollback.changedSince`: the rollback overwrites them.
 */
export function planRollback({ record, actual, toolVersion }: RollbackInput): Plan {
  let instance: ResolvedDesired["instance"];
  const orgs: ResolvedOrg[] = [];
  for (const t of record.targets) {
    const orgId = orgIdOf(t.target);
    if (orgId === undefined) {
      if (t.before.settings === null) throw new Error("internal: the journal records an inheriting instance");
      instance = { settings: t.before.settings, origin: ROLLBACK_ORIGIN };
      continue;
    }
    const ref = { kind: "id" as const, id: orgId };
    const named = t.orgName !== undefined ? { orgName: t.orgName } : {};
    orgs.push(
      t.before.settings === null
        ? { ref, mode: "inherit", origin: ROLLBACK_ORIGIN, orgId, ...named }
        : { ref, mode: "custom", settings: t.before.settings, origin: ROLLBACK_ORIGIN, orgId, ...named },
    );
  }
  const desired: ResolvedDesired = {
    ...(instance ? { instance } : {}),
    orgs,
    prune: { enabled: false, protectedOrgIds: new Set() },
  };
  const plan = computePlan({ desired, actual, toolVersion });
  // The origin points at no config line: a rollback's changes come from the journal, not from YAML.
  const changes = plan.changes.map(({ origin: _origin, ...c }) => c);
  const rollback: RollbackInfo = {
    of: { appliedAt: record.appliedAt, kind: record.kind, summary: record.summary },
    changedSince: record.targets.flatMap((t) => {
      const live = liveSnapshot(actual, t.target);
      return movedSince(t.after, live)
        ? [{ target: t.target, ...(t.orgName !== undefined ? { orgName: t.orgName } : {}), recorded: t.after, live }]
        : [];
    }),
  };
  return { ...plan, changes, rollback };
}

function liveSnapshot(actual: ActualState, target: TargetId): TargetSnapshot {
  const orgId = orgIdOf(target);
  const policy = orgId === undefined ? actual.instance : actual.orgs.get(orgId)?.policy;
  if (!policy) throw new Error(`internal: ${target} is in the rollback but was not read`);
  return { settings: policy.inherited ? null : policy.settings, sequence: policy.sequence };
}

/**
 * Whether a target is no longer as the apply left it. An org that inherited then and inherits now is
 * unchanged even when the instance sequence it reads has moved: that is the instance's change, not its own.
 */
function movedSince(recorded: TargetSnapshot, live: TargetSnapshot): boolean {
  if (recorded.settings === null || live.settings === null)
    return (recorded.settings === null) !== (live.settings === null);
  return recorded.sequence !== live.sequence;
}
