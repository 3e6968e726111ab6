// Role → permission mapping for the default roles (API doc §5.2, from ZITADEL's cmd/defaults.yaml
// InternalAuthZ.RolePermissionMappings), reduced to the permissions of the routes the emulator serves.
// user.read is not in the doc's table; it follows defaults.yaml's pattern (every role that can see an
// org's users: all but ORG_SETTINGS_MANAGER).
import { assertNever } from "../model.js";
import type { Role } from "./state.js";

export function rolePermissions(role: Role): readonly string[] {
  switch (role) {
    case "IAM_OWNER":
      return ["iam.read", "iam.write", "events.read", "iam.policy.read", "iam.policy.write", "iam.policy.delete", "org.read", "org.write", "org.create", "policy.read", "policy.write", "policy.delete", "user.read", "user.write"];
    case "IAM_OWNER_VIEWER":
      return ["iam.read", "events.read", "iam.policy.read", "org.read", "policy.read", "user.read"];
    case "IAM_ORG_MANAGER":
      return ["org.read", "org.write", "org.create", "policy.read", "policy.write", "policy.delete", "user.read", "user.write"];
    case "ORG_OWNER":
      return ["org.read", "org.write", "policy.read", "policy.write", "policy.delete", "user.read", "user.write"];
    case "ORG_SETTINGS_MANAGER":
      return ["org.read", "policy.read", "policy.write", "policy.delete"];
    case "ORG_OWNER_VIEWER":
      return ["org.read", "policy.read", "user.read"];
    case "ORG_USER_MANAGER":
      return ["org.read", "policy.read", "user.read", "user.write"];
    default:
      return assertNever(role);
  }
}
