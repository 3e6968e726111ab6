// Before the first write: may these credentials make every change of the plan? ZITADEL checks each write on
// its own, so without this an ORG_OWNER's apply that also changes the instance would write the org and then
// fail on the instance. The check asks ZITADEL itself (its role mappings may be customised) and mirrors how
// its interceptor combines memberships: those on the instance plus those in the org the call acts in
// (docs/zitadel-api.md §12). Cost: the memberships, then one permission query when instance roles cover every
// target; one more query per org the caller is a member of that instance roles do not cover.
import { PermissionError, type MissingPermission } from "../errors.js";
import { orgIdOf, type PlannedChange } from "../model.js";
import { endpoint, type EndpointName, type ZitadelClient } from "../zitadel/index.js";

export type PermissionClient = Pick<ZitadelClient, "listMyPermissions" | "listMyMemberships">;

interface Need {
  readonly change: PlannedChange;
  /** The org the write acts in; undefined for the instance write (sent without x-zitadel-orgid). */
  readonly orgId: string | undefined;
  readonly endpoint: EndpointName;
}

function writeOf(change: PlannedChange): Need {
  const orgId = orgIdOf(change.target);
  if (orgId === undefined) return { change, orgId, endpoint: "updateInstancePolicy" };
  const name: EndpointName =
    change.action === "create" ? "addOrgPolicy" : change.action === "reset" ? "resetOrgPolicy" : "updateOrgPolicy";
  return { change, orgId, endpoint: name };
}

/** Throws PermissionError, naming every target and the permission it lacks, when any change is not allowed. */
export async function checkPermissions(client: PermissionClient, changes: readonly PlannedChange[]): Promise<void> {
  const needs = changes.filter((c) => c.action !== "noop").map(writeOf);
  if (needs.length === 0) return;
  const memberships = await client.listMyMemberships();
  const onInstance = memberships.some((m) => m.kind === "instance");
  const memberOrgs = new Set(memberships.flatMap((m) => (m.kind === "org" ? [m.orgId] : [])));

  const asked = new Map<string, Promise<ReadonlySet<string>>>();
  const permissionsIn = (orgId: string | undefined): Promise<ReadonlySet<string>> => {
    const key = orgId ?? "";
    let found = asked.get(key);
    if (!found) {
      // Project roles carry a ":<projectId>" suffix and grant nothing outside that project: only plain names count.
      found = client.listMyPermissions(orgId).then((list) => new Set(list.filter((p) => !p.includes(":"))));
      asked.set(key, found);
    }
    return found;
  };
  // What instance roles alone grant: the answer for any org the caller has no role in.
  const outsider = needs.find((n) => n.orgId !== undefined && !memberOrgs.has(n.orgId))?.orgId;
  const instanceOnly: Promise<ReadonlySet<string>> | undefined = !onInstance
    ? Promise.resolve(new Set<string>())
    : outsider !== undefined
      ? permissionsIn(outsider)
      : undefined;

  const allowed = async (need: Need, permission: string): Promise<boolean> => {
    if (instanceOnly && (await instanceOnly).has(permission)) return true;
    // Not covered by instance roles: only roles in the org the call acts in can still grant it (for the
    // instance write, the caller's own org, whose id we do not know; without any org roles it has none).
    const actsInMemberOrg = need.orgId === undefined ? memberOrgs.size > 0 : memberOrgs.has(need.orgId);
    if (instanceOnly && !actsInMemberOrg) return false;
    return (await permissionsIn(need.orgId)).has(permission);
  };
  const verdicts = await Promise.all(
    needs.map(async (need): Promise<MissingPermission | undefined> => {
      const { action, permission } = endpoint(need.endpoint);
      if (!permission || (await allowed(need, permission.name))) return undefined;
      return {
        target: need.change.target,
        ...(need.change.orgName !== undefined ? { orgName: need.change.orgName } : {}),
        action,
        permission: permission.name,
        grantedBy: permission.grantedBy,
      };
    }),
  );
  const missing = verdicts.filter((m): m is MissingPermission => m !== undefined);
  if (missing.length > 0) throw new PermissionError(missing);
}
