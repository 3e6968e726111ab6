// The payloads of ZITADEL's lockout events (internal/repository/policy/policy_password_lockout.go; see
// docs/events.md): `added` carries the values with zeros and false left out; `changed` carries exactly the
// fields that changed, zeros and false included. Note the event key maxOTPAttempts (the API says maxOtpAttempts).
import type { PolicyRecord, Settings } from "./state.js";

export type Payload = Record<string, number | boolean>;

export const LOCKOUT_EVENT = {
  instanceAdded: "instance.policy.lockout.added",
  instanceChanged: "instance.policy.lockout.changed",
  orgAdded: "org.policy.lockout.added",
  orgChanged: "org.policy.lockout.changed",
  orgRemoved: "org.policy.lockout.removed",
} as const;

export function addedPayload(s: Settings, showLockOutFailures: boolean): Payload {
  return {
    ...(s.maxPasswordAttempts !== 0 ? { maxPasswordAttempts: s.maxPasswordAttempts } : {}),
    ...(s.maxOtpAttempts !== 0 ? { maxOTPAttempts: s.maxOtpAttempts } : {}),
    ...(showLockOutFailures ? { showLockOutFailures } : {}),
  };
}

/** What an API write changes: both numbers as given, and the hidden flag to false. */
export function changedPayload(before: PolicyRecord, after: Settings): Payload {
  return {
    ...(before.maxPasswordAttempts !== after.maxPasswordAttempts ? { maxPasswordAttempts: after.maxPasswordAttempts } : {}),
    ...(before.maxOtpAttempts !== after.maxOtpAttempts ? { maxOTPAttempts: after.maxOtpAttempts } : {}),
    ...(before.showLockOutFailures ? { showLockOutFailures: false } : {}),
  };
}
