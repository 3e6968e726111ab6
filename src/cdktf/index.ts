// The `zitadel-lockout/cdktf` entry point: L2 constructs that validate their props and synthesize
// ordinary Terraform JSON for the official ZITADEL provider, plus the generated L1 bindings.
// Loaded only by CDKTF apps and tests: the CLI never imports this module (it reads JSON instead).
export { InstanceLockoutPolicy } from "./instance-lockout-policy.js";
export { OrgLockoutPolicy } from "./org-lockout-policy.js";
export type { InstanceLockoutPolicyProps, OrgLockoutPolicyProps } from "./props.js";
export { ZitadelProvider, type ZitadelProviderConfig } from "./gen/provider/index.js";
/** The generated L1 bindings (provider, zitadel_default_lockout_policy, zitadel_lockout_policy, data zitadel_orgs). */
export * as l1 from "./gen/index.js";
export { RECORD_KEY, type LockoutRecord, type RecordedPolicy } from "../desired/cdktf/record.js";
/** Unit-test helper: a stack factory, and a stack's desired state, YAML twin and lint findings, in memory. */
export { LockoutTesting, type TestStackOptions } from "./testing.js";
