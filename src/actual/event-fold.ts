// Folding ZITADEL's audit log into the lockout state a per-org read would return (docs/events.md).
// Pure: events in, state or a reason not to trust it out. ZITADEL's lockout projection sets a policy row's
// values from `added`, the keys present in `changed`, deletes it on `removed` (and on `org.removed`), and
// takes `sequence` and `change_date` from the last of those events only — so a fold that replays the same
// events in order has the same numbers, and never guesses: anything it does not understand is a reason.
import { UINT32_MAX, type LockoutSettings } from "../model.js";
import { isLockoutCount } from "../rules.js";
import type { LogEvent } from "../zitadel/index.js";

export const LOCKOUT_TYPES = {
  instanceAdded: "instance.policy.lockout.added",
  instanceChanged: "instance.policy.lockout.changed",
  orgAdded: "org.policy.lockout.added",
  orgChanged: "org.policy.lockout.changed",
  orgRemoved: "org.policy.lockout.removed",
} as const;
const ORG_ADDED = "org.added";
const ORG_REMOVED = "org.removed";

/** What the fold asks the log for: every lockout event, and the org lifecycle (which orgs exist). */
export const FOLD_EVENT_TYPES: readonly string[] = [...Object.values(LOCKOUT_TYPES), ORG_ADDED, ORG_REMOVED];

export interface FoldedPolicy {
  readonly settings: LockoutSettings;
  /** The aggregate sequence of the last lockout event: what details.sequence reads. */
  readonly sequence: string;
  readonly creationDate: string;
  readonly changeDate: string;
}

export interface Fold {
  readonly instanceId: string;
  readonly instance: FoldedPolicy;
  /** Orgs that exist: their custom policy, or null when they inherit. Removed orgs are absent. */
  readonly orgs: ReadonlyMap<string, FoldedPolicy | null>;
  /** The creation date of the newest event read (RFC 3339): where a later read can start. */
  readonly position: string;
  /** The lockout events, oldest first, for saying who changed what. */
  readonly lockoutEvents: readonly LogEvent[];
}

export type FoldResult = { readonly ok: true; readonly fold: Fold } | { readonly ok: false; readonly reason: string };

const PAYLOAD_KEYS: Readonly<Record<string, keyof LockoutSettings | "showLockOutFailures">> = {
  maxPasswordAttempts: "maxPasswordAttempts",
  maxOTPAttempts: "maxOtpAttempts",
  showLockOutFailures: "showLockOutFailures",
};

class NotFoldable extends Error {}

/** The values an added/changed event sets (changed: only the keys present). Unknown keys are not guessed at. */
function payloadSettings(e: LogEvent): Partial<LockoutSettings> {
  const out: { -readonly [K in keyof LockoutSettings]?: number } = {};
  for (const [key, value] of Object.entries(e.payload ?? {})) {
    const field = PAYLOAD_KEYS[key];
    if (field === undefined)
      throw new NotFoldable(`${describe(e)} has a payload key "${key}" this version does not know`);
    if (field === "showLockOutFailures") {
      if (typeof value !== "boolean")
        throw new NotFoldable(`${describe(e)}: showLockOutFailures is ${JSON.stringify(value)}`);
      continue;
    }
    if (!isLockoutCount(value)) {
      throw new NotFoldable(`${describe(e)}: ${key} is ${JSON.stringify(value)}, not a count from 0 to ${UINT32_MAX}`);
    }
    out[field] = value;
  }
  return out;
}

/** An event whose start is missing: the log begins after it (its events were pruned). */
const tooShort = (what: string) =>
  new NotFoldable(`${what}: the log does not reach back far enough (audit-log retention)`);

const describe = (e: LogEvent): string => `event ${e.type} (aggregate ${e.aggregateId}, sequence ${e.sequence})`;

const fromAdded = (e: LogEvent): FoldedPolicy => {
  const s = payloadSettings(e);
  return {
    settings: { maxPasswordAttempts: s.maxPasswordAttempts ?? 0, maxOtpAttempts: s.maxOtpAttempts ?? 0 },
    sequence: e.sequence,
    creationDate: e.creationDate,
    changeDate: e.creationDate,
  };
};

const withChange = (p: FoldedPolicy, e: LogEvent): FoldedPolicy => ({
  settings: { ...p.settings, ...payloadSettings(e) },
  sequence: e.sequence,
  creationDate: p.creationDate,
  changeDate: e.creationDate,
});

/** Replays `events` (oldest first, as read with asc) into the state per-org reads would show. */
export function foldEvents(events: readonly LogEvent[]): FoldResult {
  let instance: FoldedPolicy | undefined;
  let instanceId: string | undefined;
  const orgs = new Map<string, FoldedPolicy | null>();
  const lastSequence = new Map<string, bigint>();
  const lockoutEvents: LogEvent[] = [];
  let position = "";
  try {
    for (const e of events) {
      // Within an aggregate, sequences only grow; anything else means the pages did not fit together.
      const seq = BigInt(e.sequence);
      const previous = lastSequence.get(e.aggregateId);
      if (previous !== undefined && seq <= previous)
        throw new NotFoldable(`${describe(e)} arrived after sequence ${previous} of the same aggregate`);
      lastSequence.set(e.aggregateId, seq);
      if (position === "" || Date.parse(e.creationDate) >= Date.parse(position)) position = e.creationDate;
      if (e.type.includes(".lockout.")) lockoutEvents.push(e);
      const org = orgs.get(e.aggregateId);
      switch (e.type) {
        case LOCKOUT_TYPES.instanceAdded:
          instance = fromAdded(e);
          instanceId = e.aggregateId;
          break;
        case LOCKOUT_TYPES.instanceChanged:
          if (!instance || instanceId !== e.aggregateId)
            throw tooShort(`${describe(e)} without the instance's ${LOCKOUT_TYPES.instanceAdded}`);
          instance = withChange(instance, e);
          break;
        case ORG_ADDED:
          orgs.set(e.aggregateId, null);
          break;
        case ORG_REMOVED:
          // The projection deletes every row the org owned; reads of it answer "Organisation doesn't exist".
          orgs.delete(e.aggregateId);
          break;
        case LOCKOUT_TYPES.orgAdded:
          if (org === undefined)
            throw new NotFoldable(
              `${describe(e)} for an org whose org.added is not in the log (audit-log retention, or a removed org)`,
            );
          orgs.set(e.aggregateId, fromAdded(e));
          break;
        case LOCKOUT_TYPES.orgChanged:
          if (!org) throw tooShort(`${describe(e)} without its ${LOCKOUT_TYPES.orgAdded}`);
          orgs.set(e.aggregateId, withChange(org, e));
          break;
        case LOCKOUT_TYPES.orgRemoved:
          if (!org) throw tooShort(`${describe(e)} without its ${LOCKOUT_TYPES.orgAdded}`);
          orgs.set(e.aggregateId, null);
          break;
        default:
          throw new NotFoldable(`the log returned ${describe(e)}, a type this version does not fold`);
      }
    }
  } catch (err) {
    if (err instanceof NotFoldable) return { ok: false, reason: err.message };
    throw err;
  }
  if (!instance || !instanceId) {
    return {
      ok: false,
      reason:
        `the log has no ${LOCKOUT_TYPES.instanceAdded} (written when the instance was set up): it does not ` +
        `reach back far enough (audit-log retention)`,
    };
  }
  return { ok: true, fold: { instanceId, instance, orgs, position, lockoutEvents } };
}

/** Lockout event types the server knows that this fold does not: their effect cannot be replayed. */
export function unknownLockoutTypes(serverTypes: readonly string[]): string[] {
  const known = new Set(FOLD_EVENT_TYPES);
  return serverTypes.filter((t) => /(^|\.)lockout(\.|$)/.test(t) && !known.has(t));
}
