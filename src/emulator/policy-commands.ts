// The lockout-policy commands of the emulated instance (the instance default and each org's own policy),
// as ZITADEL's command side runs them: refuse a write that changes nothing or targets a missing policy with
// ZITADEL's errors, else push the event on the aggregate and update the projection row. Split from
// state.ts, which owns the data, the event sequence and the other commands; it hands in what these share.
import { Errors } from "./error-catalogue.js";
import { addedPayload, changedPayload, LOCKOUT_EVENT } from "./policy-events.js";
import type { OrgRecord, PolicyRecord, StateData } from "./records.js";

export interface Settings {
  readonly maxPasswordAttempts: number;
  readonly maxOtpAttempts: number;
}

/** What a write returns: the event's sequence and time, and the aggregate that owns the policy. */
export interface WriteResult {
  readonly sequence: number;
  readonly date: string;
  readonly resourceOwner: string;
}

/** One lockout-policy event, as the eventstore would hold it: what each target ever received. */
export interface PolicyEvent {
  readonly target: "instance" | `org:${string}`;
  readonly type: "added" | "changed" | "removed";
  /** The values the event set; null for removed. */
  readonly settings: Settings | null;
  readonly sequence: number;
}

/** What the store hands in: its data and the event and change plumbing every command uses. */
export interface PolicyCommandContext {
  readonly data: StateData;
  push(aggregateId: string, type: string, payload?: Record<string, unknown>): number;
  /** The date of the event just pushed. */
  pushedDate(): string;
  orgOrThrow(orgId: string): OrgRecord;
  /** Reports the change (persistence) and returns `value`. */
  changed<T>(value: T): T;
}

export interface LockoutPolicyCommands {
  /** Every policy event since this emulator started (memory only; tests check what targets received). */
  readonly policyEvents: readonly PolicyEvent[];
  updateInstancePolicy(s: Settings): WriteResult;
  addOrgPolicy(orgId: string, s: Settings): WriteResult;
  updateOrgPolicy(orgId: string, s: Settings): WriteResult;
  resetOrgPolicy(orgId: string): WriteResult;
}

// ZITADEL compares the two numbers and the hidden flag, which every API write sets to false.
const differs = (p: PolicyRecord, s: Settings): boolean =>
  p.maxPasswordAttempts !== s.maxPasswordAttempts || p.maxOtpAttempts !== s.maxOtpAttempts || p.showLockOutFailures;

const applyTo = (p: PolicyRecord, s: Settings, sequence: number, date: string): void => {
  p.maxPasswordAttempts = s.maxPasswordAttempts;
  p.maxOtpAttempts = s.maxOtpAttempts;
  p.showLockOutFailures = false;
  p.sequence = sequence;
  p.changeDate = date;
};

export function lockoutPolicyCommands(ctx: PolicyCommandContext): LockoutPolicyCommands {
  const { data, push, pushedDate, orgOrThrow, changed } = ctx;
  const policyEvents: PolicyEvent[] = [];
  const record = (
    target: PolicyEvent["target"],
    type: PolicyEvent["type"],
    settings: Settings | null,
    sequence: number,
  ): void => {
    policyEvents.push({
      target,
      type,
      settings: settings && {
        maxPasswordAttempts: settings.maxPasswordAttempts,
        maxOtpAttempts: settings.maxOtpAttempts,
      },
      sequence,
    });
  };

  return {
    policyEvents,

    updateInstancePolicy(s) {
      const policy = data.instance.policy;
      if (!differs(policy, s)) throw Errors.instanceLockoutNotChanged();
      const sequence = push(data.instance.id, LOCKOUT_EVENT.instanceChanged, changedPayload(policy, s));
      const date = pushedDate();
      applyTo(policy, s, sequence, date);
      record("instance", "changed", s, policy.sequence);
      return changed({ sequence: policy.sequence, date, resourceOwner: data.instance.id });
    },

    addOrgPolicy(orgId, s) {
      const org = orgOrThrow(orgId);
      if (org.policy) throw Errors.orgLockoutAlreadyExists();
      const sequence = push(org.id, LOCKOUT_EVENT.orgAdded, addedPayload(s, false));
      const date = pushedDate();
      org.policy = { ...s, showLockOutFailures: false, sequence, creationDate: date, changeDate: date };
      record(`org:${org.id}`, "added", s, sequence);
      return changed({ sequence, date, resourceOwner: org.id });
    },

    updateOrgPolicy(orgId, s) {
      const org = orgOrThrow(orgId);
      if (!org.policy) throw Errors.orgLockoutNotFoundOnUpdate();
      if (!differs(org.policy, s)) throw Errors.orgLockoutNotChanged();
      const sequence = push(org.id, LOCKOUT_EVENT.orgChanged, changedPayload(org.policy, s));
      const date = pushedDate();
      applyTo(org.policy, s, sequence, date);
      record(`org:${org.id}`, "changed", s, org.policy.sequence);
      return changed({ sequence: org.policy.sequence, date, resourceOwner: org.id });
    },

    resetOrgPolicy(orgId) {
      const org = orgOrThrow(orgId);
      if (!org.policy) throw Errors.orgLockoutNotFoundOnReset();
      const sequence = push(org.id, LOCKOUT_EVENT.orgRemoved);
      const date = pushedDate();
      org.policy = null;
      record(`org:${org.id}`, "removed", null, sequence);
      return changed({ sequence, date, resourceOwner: org.id });
    },
  };
}
