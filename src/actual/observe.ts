// Reading single targets: the building block of the live-state read, apply's preflight and its verification.
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

export async function observeTarget(client: PolicyReader, target: TargetId): Promise<ObservedPolicy> {
  const orgId = orgIdOf(target);
  return orgId === undefined
    ? toObserved(await client.getInstancePolicy(), false)
    : toObserved(await client.getOrgPolicy(orgId), true);
}
