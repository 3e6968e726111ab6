// Step 2 of apply (docs/guarantees.md): re-read every target that has a change and refuse the whole plan, before
// the first write, if any target's sequence or inherit state moved — even when its values look equal again.
// A plan read from the event log carries its read position: then only the targets that the log's newer
// events touch are re-read (events-since.ts); when nothing moved, that is one request for any plan size.
import { ApiError, StalePlanError, type StaleTarget } from "../errors.js";
import {
  pendingChanges,
  type ObservedPolicy,
  type PendingChange,
  type Plan,
  type PlannedChange,
  type TargetId,
} from "../model.js";
import { observeTarget, UnpageableLog, type PolicyReader } from "../actual/index.js";
import { eventsSince, touchedBy, type EventSource } from "./events-since.js";

export async function preflight(
  client: PolicyReader & Partial<EventSource>,
  plan: Plan,
): Promise<ReadonlyMap<TargetId, ObservedPolicy>> {
  const all = pendingChanges(plan);
  const pending =
    plan.readPosition !== undefined && client.listEvents !== undefined
      ? await touchedSince(client.listEvents, plan.readPosition, all)
      : all;
  const observed = await Promise.all(pending.map(async (c) => [c, await observeTarget(client, c.target)] as const));
  const stale: StaleTarget[] = observed
    .filter(([c, o]) => moved(c, o))
    .map(([c, o]) => ({
      target: c.target,
      expected: { sequence: c.expectedSequence, inherited: c.expectedInherited },
      found: { sequence: o.sequence, inherited: o.inherited },
    }));
  if (stale.length > 0) throw new StalePlanError(stale);
  return new Map(observed.map(([c, o]) => [c.target, o]));
}

const moved = (c: PlannedChange, o: ObservedPolicy): boolean =>
  o.sequence !== c.expectedSequence || o.inherited !== c.expectedInherited;

/** The changes the log's events since `position` touch; every change when the log cannot say (then all are re-read). */
async function touchedSince(
  listEvents: EventSource["listEvents"],
  position: string,
  all: PendingChange[],
): Promise<PendingChange[]> {
  try {
    return [...touchedBy(await eventsSince({ listEvents }, position), all)];
  } catch (err) {
    if (
      err instanceof UnpageableLog ||
      (err instanceof ApiError && (err.info.status === 403 || err.info.status === 404))
    )
      return all;
    throw err;
  }
}
