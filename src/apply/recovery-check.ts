// The recovery check of a plan (docs/recovery-check.md): which changes make lockout stricter, then the fewest
// reads that settle whether each of their scopes keeps a way back in. When the instance's own managers
// already give every target a recovery path, that is three requests (who am I, instance members, their
// states) whatever the number of orgs; org members are read only for the targets still open.
import { orgIdOf, type LockoutSettings, type Plan, type SafetyFinding } from "../model.js";
import { addOrgRecovery, readInstanceRecovery, RecoveryReadDenied, type RecoveryClient } from "../actual/index.js";
import { hasRecoveryPath, recoverersOf, recoveryFindings, stricterChanges, withRecoveryCheck } from "../plan/index.js";

export const NO_RECOVERY_PATH = "no-recovery-path";

/**
 * The plan with `recoveryCheck` and `safety` filled in. `waived`: lint.ignore lists no-recovery-path (nothing is read).
 */
export async function checkRecovery(
  client: RecoveryClient,
  plan: Plan,
  instanceNow: LockoutSettings,
  waived: boolean,
): Promise<Plan> {
  const changes = stricterChanges(plan, instanceNow);
  if (changes.length === 0) return withRecoveryCheck(plan, { status: "not-needed" }, []);
  if (waived) return withRecoveryCheck(plan, { status: "waived" }, []);
  try {
    let facts = await readInstanceRecovery(client);
    const open = changes.filter((c) => !hasRecoveryPath(recoverersOf(c.target, facts)));
    const orgIds = open.flatMap((c) => orgIdOf(c.target) ?? []);
    if (orgIds.length > 0) facts = await addOrgRecovery(client, facts, orgIds);
    return withRecoveryCheck(plan, { status: "checked", targets: changes.length }, recoveryFindings(changes, facts));
  } catch (err) {
    if (err instanceof RecoveryReadDenied)
      return withRecoveryCheck(plan, { status: "not-checked", reason: err.message }, []);
    throw err;
  }
}

/** The findings apply must refuse: all of them, unless the risk was accepted. */
export const refusedFindings = (plan: Plan, acceptLockoutRisk: boolean): readonly SafetyFinding[] =>
  acceptLockoutRisk ? [] : (plan.safety ?? []);
