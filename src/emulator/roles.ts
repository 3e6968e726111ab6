// Role → permission mapping for the default roles (ZITADEL's cmd/defaults.yaml
// InternalAuthZ.RolePermissionMappings), reduced to the permissions of the routes the emulator serves:
// the lockout policies (policy.*, iam.policy.*), orgs (org.*, iam.read), users (user.read, user.write) and
// members (iam.member.read for instance members, org.member.read for org members). docs/recovery.md
// lists who may unlock whom.
import { assertNever } from "../model.js";
import type { Role } from "./state.js";

export function rolePermissions(role: Role): readonly string[] {
  switch (role) {
    case "IAM_OWNER":
      return [
        "iam.read",
        "iam.write",
        "events.read",
        "iam.policy.read",
        "iam.policy.write",
        "iam.policy.delete",
        "iam.member.read",
        "org.read",
        "org.write",
        "org.create",
        "org.member.read",
        "policy.read",
        "policy.write",
        "policy.delete",
        "user.read",
        "user.write",
      ];
    case "IAM_OWNER_VIEWER":
      return [
        "iam.read",
        "events.read",
        "iam.policy.read",
        "iam.member.read",
        "org.read",
        "org.member.read",
        "policy.read",
        "user.read",
      ];
    case "IAM_ORG_MANAGER":
      return [
        "org.read",
        "org.write",
        "org.create",
        "org.member.read",
        "policy.read",
        "policy.write",
        "policy.delete",
        "user.read",
        "user.write",
      ];
    case "IAM_USER_MANAGER":
      // No policy.read: it cannot read lockout policies, only users and org members.
      return ["org.read", "org.member.read", "user.read", "user.write"];
    case "IAM_LOGIN_CLIENT":
      return [
        "iam.read",
        "iam.policy.read",
        "iam.member.read",
        "org.read",
        "org.member.read",
        "policy.read",
        "user.read",
        "user.write",
      ];
    case "ORG_OWNER":
      return [
        "org.read",
        "org.write",
        "org.member.read",
        "policy.read",
        "policy.write",
        "policy.delete",
        "user.read",
        "user.write",
      ];
    case "ORG_SETTINGS_MANAGER":
      return ["org.read", "org.write", "org.member.read", "policy.read", "policy.write", "policy.delete"];
    case "ORG_OWNER_VIEWER":
      return ["org.read", "org.member.read", "policy.read", "user.read"];
    case "ORG_USER_MANAGER":
      // Unlocks the org's users, but may not list its members (no org.member.read upstream).
      return ["org.read", "policy.read", "user.read", "user.write"];
    default:
      return assertNever(role);
  }
}
