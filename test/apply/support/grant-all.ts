// For fake clients in apply tests that are about something else: an instance owner whose permission check passes.
import type { PermissionClient } from "../../../src/apply/index.js";

export const GRANT_ALL: PermissionClient = {
  listMyMemberships: async () => [{ kind: "instance", roles: ["IAM_OWNER"] }],
  listMyPermissions: async () => ["iam.policy.write", "policy.read", "policy.write", "policy.delete"],
};
