// Preflight and verification for a plan read from the event log (docs/events.md): instead of re-reading
// every target, ask the log once for the lockout and org.removed events created since the plan's read
// position, and re-read directly only the targets those events touch. When nothing changed, that is one
// request (or a page per 1,000 events) however many targets the plan has.
import { readEventLog, justBefore, LOCKOUT_TYPES } from "../actual/index.js";
import { orgIdOf, type PendingChange, type TargetId } from "../model.js";
import type { LogEvent, ZitadelClient } from "../zitadel/index.js";
import type { Vouched } from "./verify.js";

/** The events that can move a target's read: every lockout event, and an org's removal. */
const MOVING_EVENT_TYPES: readonly string[] = [...Object.values(LOCKOUT_TYPES), "org.removed"];

export type EventSource = Pick<ZitadelClient, "listEvents">;

/** Lockout and org.removed events created since `position` (the read's newest event date, inclusive). */
export async function eventsSince(client: EventSource, position: string): Promise<LogEvent[]> {
  return readEventLog(client, MOVING_EVENT_TYPES, justBefore(position));
}

const isInstanceEvent = (e: LogEvent): boolean => e.type.startsWith("instance.");

/**
 * The pending changes an event may have moved. An org event moves its org's change unless the change already
 * expects that org's own row at this or a later sequence (an event the read had folded: the query starts a
 * microsecond early). An instance event newer than the sequence a change expects of the instance row moves
 * the instance's change and every change that expects an inheriting org (it reads the instance row).
 */
export function touchedBy(events: readonly LogEvent[], pending: readonly PendingChange[]): Set<PendingChange> {
  const byOrg = new Map<string, LogEvent[]>();
  const instanceSequences: bigint[] = [];
  for (const e of events) {
    if (isInstanceEvent(e)) instanceSequences.push(BigInt(e.sequence));
    else byOrg.set(e.aggregateId, [...(byOrg.get(e.aggregateId) ?? []), e]);
  }
  const newestInstance = instanceSequences.length > 0 ? instanceSequences.reduce((a, b) => (a > b ? a : b)) : undefined;
  const touched = new Set<PendingChange>();
  for (const c of pending) {
    const orgId = orgIdOf(c.target);
    const readsInstanceRow = orgId === undefined || c.expectedInherited;
    if (readsInstanceRow && newestInstance !== undefined && newestInstance > BigInt(c.expectedSequence)) touched.add(c);
    if (orgId === undefined) continue;
    const own = byOrg.get(orgId) ?? [];
    // A custom row read at sequence S already includes every event of its org up to S.
    const fresh = c.expectedInherited ? own : own.filter((e) => BigInt(e.sequence) > BigInt(c.expectedSequence));
    if (fresh.length > 0) touched.add(c);
  }
  return touched;
}

/**
 * Org targets whose row the log shows as exactly our write: the last lockout (or org.removed) event of the
 * org is the one our write returned. Their state is what we wrote, so verification need not read them.
 * The instance is always read (every org is judged against it), and so is anything the log cannot vouch for.
 */
export function vouchedByEvents(
  events: readonly LogEvent[],
  written: readonly { change: PendingChange; sequence: string }[],
): Map<TargetId, Vouched> {
  const lastOf = new Map<string, LogEvent>();
  for (const e of events) if (!isInstanceEvent(e)) lastOf.set(e.aggregateId, e);
  const out = new Map<TargetId, Vouched>();
  for (const { change, sequence } of written) {
    const orgId = orgIdOf(change.target);
    const last = orgId === undefined ? undefined : lastOf.get(orgId);
    if (!last || last.sequence !== sequence || last.type === "org.removed") continue;
    if (change.after === null) out.set(change.target, { kind: "inherits" });
    else
      out.set(change.target, {
        kind: "custom",
        policy: {
          settings: change.after,
          inherited: false,
          sequence,
          changeDate: last.creationDate,
          resourceOwner: orgId!,
        },
      });
  }
  return out;
}
