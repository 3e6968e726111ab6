// Every ZITADEL endpoint the client calls, with the permission each needs (docs/zitadel-api.md §1 and §5.2), so a
// permission error can say what is missing instead of only "No matching permissions found".
import { assertNever } from "../model.js";

export type EndpointName =
  | "getInstancePolicy"
  | "updateInstancePolicy"
  | "getOrgPolicy"
  | "addOrgPolicy"
  | "updateOrgPolicy"
  | "resetOrgPolicy"
  | "searchOrgs"
  | "listMyPermissions"
  | "listMyMemberships"
  | "listEvents"
  | "listEventTypes"
  | "token"
  | RecoveryEndpointName;

/** The endpoints behind `locked`, `unlock` and the recovery check (docs/recovery.md, "The ZITADEL API behind it"). */
export type RecoveryEndpointName =
  | "getMyUser"
  | "listInstanceMembers"
  | "listOrgMembers"
  | "searchUsers"
  | "unlockUser";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface Endpoint {
  readonly name: EndpointName;
  readonly method: HttpMethod;
  /** May hold `{userId}`, filled in per request. */
  readonly path: string;
  /** What the call does, for messages: "updating the instance default lockout policy". */
  readonly action: string;
  /** The permission ZITADEL checks and the default roles that grant it; absent where any valid token will do. */
  readonly permission?: { readonly name: string; readonly grantedBy: string };
}

const ORG_POLICY = "/management/v1/policies/lockout";
const EVENT_READERS = "IAM_OWNER or IAM_OWNER_VIEWER on the instance";
const ORG_WRITERS = "ORG_OWNER or ORG_SETTINGS_MANAGER in the org, or IAM_OWNER or IAM_ORG_MANAGER on the instance";

export function endpoint(name: EndpointName): Endpoint {
  switch (name) {
    case "getInstancePolicy":
      // The v2 settings API's view of the instance default (docs/zitadel-api.md §1 S1) rather than admin's
      // GET /admin/v1/policies/lockout (A1) or management's GET /management/v1/policies/default/lockout (M2):
      // the same row and sequence, but S1 brings ZITADEL's projection up to date before it answers
      // (read-your-writes, docs/zitadel-api.md §2.3) where A1 and M2 may briefly show the state before a write; and it
      // needs only policy.read, so an ORG_OWNER managing just their own org can still plan (creates fill
      // omitted fields from it).
      return {
        name,
        method: "GET",
        path: "/v2/settings/lockout?ctx.instance=true",
        action: "reading the instance default lockout policy",
        permission: {
          name: "policy.read",
          grantedBy:
            "any org manager role in the caller's org (or the managed org the read names), or IAM_OWNER, " +
            "IAM_OWNER_VIEWER or IAM_ORG_MANAGER on the instance",
        },
      };
    case "updateInstancePolicy":
      return {
        name,
        method: "PUT",
        // Not a typo: the instance write lives under /password/, the read does not (docs/zitadel-api.md §1).
        path: "/admin/v1/policies/password/lockout",
        action: "updating the instance default lockout policy",
        permission: { name: "iam.policy.write", grantedBy: "IAM_OWNER on the instance (org roles never grant it)" },
      };
    case "getOrgPolicy":
      return {
        name,
        method: "GET",
        path: ORG_POLICY,
        action: "reading an org's lockout policy",
        permission: {
          name: "policy.read",
          grantedBy:
            "any org manager role in the org, or IAM_OWNER, IAM_OWNER_VIEWER or IAM_ORG_MANAGER on the instance",
        },
      };
    case "addOrgPolicy":
      return {
        name,
        method: "POST",
        path: ORG_POLICY,
        action: "creating an org's custom lockout policy",
        permission: { name: "policy.write", grantedBy: ORG_WRITERS },
      };
    case "updateOrgPolicy":
      return {
        name,
        method: "PUT",
        path: ORG_POLICY,
        action: "updating an org's custom lockout policy",
        permission: { name: "policy.write", grantedBy: ORG_WRITERS },
      };
    case "resetOrgPolicy":
      return {
        name,
        method: "DELETE",
        path: ORG_POLICY,
        action: "resetting an org's lockout policy to the instance default",
        permission: { name: "policy.delete", grantedBy: ORG_WRITERS },
      };
    case "searchOrgs":
      // Any authenticated caller may search; the result is filtered to the orgs it has org.read in.
      return { name, method: "POST", path: "/v2/organizations/_search", action: "searching organizations" };
    case "listMyPermissions":
      // Any valid token: the permissions of the caller's instance memberships plus those of the org in
      // x-zitadel-orgid (else the caller's own org), as ZITADEL's interceptor would combine them for a call
      // in that org (docs/zitadel-api.md §12).
      return {
        name,
        method: "POST",
        path: "/auth/v1/permissions/zitadel/me/_search",
        action: "listing the caller's permissions",
      };
    case "listMyMemberships":
      return {
        name,
        method: "POST",
        path: "/auth/v1/memberships/me/_search",
        action: "listing the caller's memberships",
      };
    case "listEvents":
      // The audit log (docs/events.md): folds every lockout policy in a handful of requests.
      return {
        name,
        method: "POST",
        path: "/admin/v1/events/_search",
        action: "reading the event log",
        permission: { name: "events.read", grantedBy: EVENT_READERS },
      };
    case "listEventTypes":
      return {
        name,
        method: "POST",
        path: "/admin/v1/events/types/_search",
        action: "listing the server's event types",
        permission: { name: "events.read", grantedBy: EVENT_READERS },
      };
    case "token":
      return { name, method: "POST", path: "/oauth/v2/token", action: "getting an access token" };
    case "getMyUser":
      return { name, method: "GET", path: "/auth/v1/users/me", action: "reading which user the credentials belong to" };
    case "listInstanceMembers":
      return {
        name,
        method: "POST",
        path: "/admin/v1/members/_search",
        action: "listing the instance's managers",
        permission: {
          name: "iam.member.read",
          grantedBy: "IAM_OWNER, IAM_OWNER_VIEWER or IAM_LOGIN_CLIENT on the instance",
        },
      };
    case "listOrgMembers":
      return {
        name,
        method: "POST",
        path: "/management/v1/orgs/me/members/_search",
        action: "listing an org's managers",
        permission: {
          name: "org.member.read",
          grantedBy:
            "ORG_OWNER, ORG_OWNER_VIEWER or ORG_SETTINGS_MANAGER in the org, or IAM_OWNER, " +
            "IAM_OWNER_VIEWER, IAM_ORG_MANAGER or IAM_USER_MANAGER on the instance",
        },
      };
    case "searchUsers":
      // Any authenticated caller; rows are filtered to the orgs it has user.read in.
      return { name, method: "POST", path: "/v2/users", action: "searching users" };
    case "unlockUser":
      return {
        name,
        method: "POST",
        path: "/v2/users/{userId}/unlock",
        action: "unlocking a user",
        // The route itself only needs a valid token; the command checks user.write on the user's org.
        permission: {
          name: "user.write",
          grantedBy:
            "ORG_OWNER or ORG_USER_MANAGER in the user's org, or IAM_OWNER, IAM_ORG_MANAGER or " +
            "IAM_USER_MANAGER on the instance",
        },
      };
    default:
      return assertNever(name);
  }
}

export const ENDPOINT_NAMES: readonly EndpointName[] = [
  "getInstancePolicy",
  "updateInstancePolicy",
  "getOrgPolicy",
  "addOrgPolicy",
  "updateOrgPolicy",
  "resetOrgPolicy",
  "searchOrgs",
  "listMyPermissions",
  "listMyMemberships",
  "listEvents",
  "listEventTypes",
  "token",
];

const RECOVERY_ENDPOINT_NAMES: readonly RecoveryEndpointName[] = [
  "getMyUser",
  "listInstanceMembers",
  "listOrgMembers",
  "searchUsers",
  "unlockUser",
];

const templateMatches = (template: string, path: string): boolean => {
  if (!template.includes("{")) return template === path;
  const pattern = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${pattern}$`).test(path);
};

/** The endpoint a request went to, from its method and path (as an ApiError records them). */
export function endpointOf(method: string, path: string): Endpoint | undefined {
  return [...ENDPOINT_NAMES, ...RECOVERY_ENDPOINT_NAMES]
    .map(endpoint)
    .find((e) => e.method === method && templateMatches(e.path, path));
}

/** The endpoint's path with its `{param}`s filled in. */
export function endpointPath(e: Endpoint, params: Readonly<Record<string, string>> = {}): string {
  return e.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${e.name}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
