// Who changed a target outside Git, and when: the lockout events of its policy since the journaled apply,
// with the editor ZITADEL records for each (docs/events.md). Pure: the caller reads the events.
import { orgIdOf, type TargetId } from "../model.js";

/** The fields of an audit-log event this needs (the client's LogEvent has them; plan/ stays free of the client). */
export interface HistoryEvent {
  readonly type: string;
  readonly aggregateId: string;
  readonly sequence: string;
  readonly creationDate: string;
  readonly editor: { readonly userId: string; readonly displayName: string };
}

export interface ChangeBy {
  /** The event's creation date (RFC 3339). */
  readonly date: string;
  readonly userId: string;
  /** The editor's display name (a human's display name, a service user's name); absent when the server had none. */
  readonly displayName?: string;
  /** e.g. org.policy.lockout.changed */
  readonly event: string;
}

export type Attribution =
  | { readonly status: "known"; readonly changes: readonly ChangeBy[] }
  | { readonly status: "unknown"; readonly reason: string };

/** What drift knows of the event log: its lockout events, or why it could not read them. */
export type EventHistory =
  | { readonly kind: "events"; readonly events: readonly HistoryEvent[] }
  | { readonly kind: "unavailable"; readonly reason: string };

export interface RecordedState {
  readonly settings: unknown;
  readonly sequence: string;
  readonly appliedAt: string;
}

/**
 * The events that made the out-of-band change. A custom row (and the instance) recorded at sequence S:
 * its aggregate's lockout events after S. An org that inherited at the apply: its org's lockout events
 * created after the apply (its recorded sequence was the instance row's, which says nothing about the org).
 */
export function attribute(target: TargetId, recorded: RecordedState, history: EventHistory): Attribution {
  if (history.kind === "unavailable") return { status: "unknown", reason: history.reason };
  const orgId = orgIdOf(target);
  const after = BigInt(recorded.sequence);
  const appliedAt = Date.parse(recorded.appliedAt);
  const relevant = history.events.filter((e) => {
    if (orgId === undefined) return e.type.startsWith("instance.") && BigInt(e.sequence) > after;
    if (e.aggregateId !== orgId || e.type.startsWith("instance.")) return false;
    return recorded.settings === null ? Date.parse(e.creationDate) > appliedAt : BigInt(e.sequence) > after;
  });
  if (relevant.length === 0)
    return {
      status: "unknown",
      reason: "the event log holds no lockout event for it since the last apply (audit-log retention?)",
    };
  return {
    status: "known",
    changes: relevant.map((e) => ({
      date: e.creationDate,
      userId: e.editor.userId,
      ...(e.editor.displayName !== "" ? { displayName: e.editor.displayName } : {}),
      event: e.type,
    })),
  };
}

/** "Alice Anders (user 3000…)" or just "user 3000…" when the server could not name them. */
export const editorName = (c: ChangeBy): string =>
  c.displayName !== undefined ? `${c.displayName} (user ${c.userId})` : `user ${c.userId}`;
