// Step 2 of apply (design.md §5): re-read every target that has a change and refuse the whole plan, before
// the first write, if any target's sequence or inherit state moved — even when its values look equal again.
import { StalePlanError, type StaleTarget } from "../errors.js";
import { pendingChanges, type ObservedPolicy, type Plan, type PlannedChange, type TargetId } from "../model.js";
import { observeTarget, type PolicyReader } from "../actual/index.js";

export async function preflight(client: PolicyReader, plan: Plan): Promise<ReadonlyMap<TargetId, ObservedPolicy>> {
  const pending = pendingChanges(plan);
  const observed = await Promise.all(pending.map(async (c) => [c, await observeTarget(client, c.target)] as const));
  const stale: StaleTarget[] = observed.filter(([c, o]) => moved(c, o)).map(([c, o]) => ({
    target: c.target,
    expected: { sequence: c.expectedSequence, inherited: c.expectedInherited },
    found: { sequence: o.sequence, inherited: o.inherited },
  }));
  if (stale.length > 0) throw new StalePlanError(stale);
  return new Map(observed.map(([c, o]) => [c.target, o]));
}

const moved = (c: PlannedChange, o: ObservedPolicy): boolean => o.sequence !== c.expectedSequence || o.inherited !== c.expectedInherited;
