// The zitadel-lockout record inside a synthesized stack: what the official provider cannot express.
//
// An inheriting org has no Terraform resource (the official provider represents "inherit" by the
// absence of zitadel_lockout_policy, and a removed resource is a reset), and both lockout resources
// require max_password_attempts, so a policy that leaves it unmanaged has no resource either. The
// constructs record such policies under the root "//" key of the stack, which Terraform ignores by
// definition (JSON comment property), keyed by construct path:
//
//   "//": { "zitadel-lockout": { "formatVersion": 1, "policies": {
//     "acme/globex": { "target": "org", "orgName": "Globex", "mode": "inherit" },
//     "acme/instance": { "target": "instance", "maxOtpAttempts": 3 } } } }
//
// Constructs whose props failed validation record `{ "target": "invalid", "problems": [...] }`, so an
// app synthesized with `skipValidation` still cannot slip a bad policy past the reader.
// This module only describes the format; src/cdktf writes it and reader.ts reads it.

/** The key under the stack's root "//" object. */
export const RECORD_KEY = "zitadel-lockout";
export const RECORD_FORMAT_VERSION = 1;

export type RecordedPolicy =
  | { readonly target: "instance"; readonly maxPasswordAttempts?: number; readonly maxOtpAttempts?: number }
  | {
      readonly target: "org";
      readonly orgId?: string;
      readonly orgName?: string;
      readonly mode: "inherit" | "custom";
      readonly maxPasswordAttempts?: number;
      readonly maxOtpAttempts?: number;
    }
  | { readonly target: "invalid"; readonly problems: readonly string[] };

export interface LockoutRecord {
  readonly formatVersion: typeof RECORD_FORMAT_VERSION;
  /** Keyed by construct path. */
  readonly policies: Readonly<Record<string, RecordedPolicy>>;
}

/** The fragment one construct contributes; cdktf deep-merges the fragments of all constructs. */
export function recordFragment(
  constructPath: string,
  policy: RecordedPolicy,
): { readonly "//": Record<string, LockoutRecord> } {
  return { "//": { [RECORD_KEY]: { formatVersion: RECORD_FORMAT_VERSION, policies: { [constructPath]: policy } } } };
}
