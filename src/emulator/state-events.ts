// A state saved before the emulator kept an event log (--state files of older versions): the smallest
// history that explains it — the instance's lockout default added at its sequence, each org added, and each
// custom policy added at its sequence — so event reads and policy reads agree about it as well.
import { SYSTEM_EDITOR, usFromIso, type EventRecord } from "./event-log.js";
import { addedPayload, LOCKOUT_EVENT } from "./policy-events.js";
import type { StateData } from "./state.js";

export function eventsFromState(data: StateData): EventRecord[] {
  const drafts: Omit<EventRecord, "position">[] = [];
  const instance = data.instance;
  const base = { editorUserId: SYSTEM_EDITOR };
  drafts.push({
    ...base,
    aggregateType: "instance",
    aggregateId: instance.id,
    resourceOwner: instance.id,
    sequence: instance.policy.sequence,
    createdUs: usFromIso(instance.policy.changeDate),
    type: LOCKOUT_EVENT.instanceAdded,
    payload: addedPayload(instance.policy, instance.policy.showLockOutFailures),
  });
  for (const org of data.orgs) {
    const common = { ...base, aggregateType: "org" as const, aggregateId: org.id, resourceOwner: org.id };
    drafts.push({ ...common, sequence: 1, createdUs: usFromIso(org.creationDate), type: "org.added", payload: { name: org.name } });
    if (org.policy) {
      const p = org.policy;
      drafts.push({ ...common, sequence: p.sequence, createdUs: usFromIso(p.changeDate), type: LOCKOUT_EVENT.orgAdded, payload: addedPayload(p, p.showLockOutFailures) });
    }
  }
  return drafts.sort((a, b) => a.createdUs - b.createdUs).map((d, i) => ({ ...d, position: i + 1 }));
}
