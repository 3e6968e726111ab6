// Reading single targets: the building block of the live-state read, apply's preflight and its verification.
import { ApiError } from "../errors.js";
import { orgIdOf, type ObservedPolicy, type TargetId } from "../model.js";
import type { PolicyRead, ZitadelClient } from "../zitadel/index.js";

export type PolicyReader = Pick<ZitadelClient, "getInstancePolicy" | "getOrgPolicy">;

export const toObserved = (read: PolicyRead, isOrg: boolean): ObservedPolicy => ({
  settings: read.settings,
  // The instance policy always reads isDefault:true; "inherited" only means something for an org.
  inherited: isOrg && read.isDefault,
  sequence: read.sequence,
  ...(read.changeDate !== undefined ? { changeDate: read.changeDate } : {}),
  ...(read.resourceOwner !== undefined ? { resourceOwner: read.resourceOwner } : {}),
});

/** `managedOrgIds`: the orgs of the run, for an instance read the caller's own org refuses (readInstancePolicy). */
export async function observeTarget(
  client: PolicyReader,
  target: TargetId,
  managedOrgIds: readonly string[] = [],
): Promise<ObservedPolicy> {
  const orgId = orgIdOf(target);
  return orgId === undefined
    ? toObserved(await readInstancePolicy(client, managedOrgIds), false)
    : toObserved(await client.getOrgPolicy(orgId), true);
}

/** The org ids among some targets: the managed orgs an instance read may run in. */
export const orgIdsOf = (targets: Iterable<TargetId>): string[] =>
  [...targets].map(orgIdOf).filter((id): id is string => id !== undefined);

/**
 * ZITADEL's answer when the org a call runs in (x-zitadel-orgid, else the caller's own) and the instance hold
 * no role granting the permission: 404 "membership not found" when the caller has no membership there at all,
 * 403 "No matching permissions found" when its roles there lack it (docs/zitadel-api.md §3).
 */
const isRefusedInOwnOrg = (err: unknown): boolean =>
  err instanceof ApiError &&
  ((err.info.status === 404 && err.info.id === "AUTHZ-cdgFk") ||
    (err.info.status === 403 && err.info.id === "AUTH-5mWD2"));

/**
 * The instance default, read as the caller's own org sees it; when that org grants the caller nothing, read
 * again in the context of the first managed org (docs/zitadel-api.md §1: ZITADEL checks policy.read in the
 * org of x-zitadel-orgid). A caller whose roles are all in the orgs it manages (an ORG_OWNER of another org)
 * can then plan. The first read stays header-less, so an org id is sent only when it is needed and callers
 * with a role in their own org or on the instance pay nothing. `first` is that read when already under way.
 */
export async function readInstancePolicy(
  client: Pick<PolicyReader, "getInstancePolicy">,
  managedOrgIds: readonly string[],
  first: Promise<PolicyRead> = client.getInstancePolicy(),
): Promise<PolicyRead> {
  try {
    return await first;
  } catch (err) {
    const inOrg = managedOrgIds[0];
    if (inOrg === undefined || !isRefusedInOwnOrg(err)) throw err;
    return client.getInstancePolicy(inOrg);
  }
}
