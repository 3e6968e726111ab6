// The recovery check (docs/recovery-check.md): a change that makes lockout stricter must leave its scope a
// way back in — someone other than the tool itself who may unlock a locked manager. Pure: actual/recovery.ts
// reads the members and user states and passes them in; this decides which targets need the check, counts
// recoverers and words the findings.
import {
  INSTANCE_RECOVERER_ROLES,
  ORG_RECOVERER_ROLES,
  orgIdOf,
  SETTING_NAMES,
  type LockoutSettings,
  type Plan,
  type PlannedChange,
  type RecovererCount,
  type RecoveryCheck,
  type RecoveryFacts,
  type RecoveryMember,
  type RecoveryUser,
  type SafetyFinding,
} from "../model.js";

/** A field goes from 0 (never lock) to a limit, or a limit goes down. */
export function stricter(before: LockoutSettings, after: LockoutSettings): boolean {
  return SETTING_NAMES.some((k) => after[k] > 0 && (before[k] === 0 || after[k] < before[k]));
}

/**
 * The changes that make lockout stricter, judged on the values in effect: an org that inherits has the
 * instance's values — before the plan the live instance's, after it the instance's planned values.
 */
export function stricterChanges(plan: Plan, instanceNow: LockoutSettings): PlannedChange[] {
  const instanceChange = plan.changes.find((c) => c.target === "instance");
  const instanceAfter = instanceChange?.after ?? instanceNow;
  return plan.changes.filter((c) => c.action !== "noop" && stricter(c.before ?? instanceNow, c.after ?? instanceAfter));
}

/** ≥ 1 active service user or ≥ 2 active humans: one human alone may be the one who is locked. */
export const hasRecoveryPath = (c: RecovererCount): boolean => c.service >= 1 || c.human >= 2;

/** The user ids that may unlock users of a scope by their roles (states not yet considered), without the tool's own. */
function recovererCandidates(
  members: readonly RecoveryMember[],
  roles: readonly string[],
  selfUserId: string,
): Set<string> {
  return new Set(
    members.filter((m) => m.userId !== selfUserId && m.roles.some((r) => roles.includes(r))).map((m) => m.userId),
  );
}

function countRecoverers(candidates: ReadonlySet<string>, users: ReadonlyMap<string, RecoveryUser>): RecovererCount {
  let service = 0;
  let human = 0;
  for (const id of candidates) {
    const u = users.get(id);
    // A user the search did not return (gone, or not readable with these credentials) is not counted.
    if (u?.state !== "active") continue;
    if (u.human) human += 1;
    else service += 1;
  }
  return { service, human };
}

/** A target's recoverers: the instance's, plus (for an org) the org's own. */
export function recoverersOf(target: PlannedChange["target"], facts: RecoveryFacts): RecovererCount {
  const ids = recovererCandidates(facts.instanceMembers, INSTANCE_RECOVERER_ROLES, facts.selfUserId);
  const orgId = orgIdOf(target);
  if (orgId !== undefined) {
    const members = facts.orgMembers.get(orgId) ?? [];
    for (const id of recovererCandidates(members, ORG_RECOVERER_ROLES, facts.selfUserId)) ids.add(id);
  }
  return countRecoverers(ids, facts.users);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function recoveryFinding(change: PlannedChange, recoverers: RecovererCount): SafetyFinding {
  const where = change.target === "instance" ? "the instance" : "this org or the instance";
  return {
    target: change.target,
    ...(change.orgName !== undefined ? { orgName: change.orgName } : {}),
    rule: "no-recovery-path",
    recoverers,
    message:
      `lockout gets stricter here, but a locked-out manager would have no way back in: ` +
      `${plural(recoverers.service, "active service user", "active service users")} and ` +
      `${plural(recoverers.human, "active human", "active humans")} (not counting this tool's own user) ` +
      `may unlock users of ${where}; ` +
      `a way back in needs 1 service user or 2 humans with ORG_OWNER, ORG_USER_MANAGER, IAM_OWNER, ` +
      `IAM_ORG_MANAGER or IAM_USER_MANAGER`,
  };
}

/** Findings for every stricter change whose scope has no recovery path. */
export function recoveryFindings(changes: readonly PlannedChange[], facts: RecoveryFacts): SafetyFinding[] {
  return changes.flatMap((c) => {
    const count = recoverersOf(c.target, facts);
    return hasRecoveryPath(count) ? [] : [recoveryFinding(c, count)];
  });
}

/** The plan with the check's result and its findings (an empty list when there are none). */
export const withRecoveryCheck = (
  plan: Plan,
  recoveryCheck: RecoveryCheck,
  safety: readonly SafetyFinding[],
): Plan => ({ ...plan, recoveryCheck, safety });
