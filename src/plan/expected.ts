// A plan read back as desired state: every change's `after` becomes the target's full desired value.
// Apply verifies by re-reading and running this through computePlan — the same diff as the preview, so
// "converged" means exactly "a fresh plan would have nothing to do".
import { orgIdOf, type Origin, type Plan, type ResolvedDesired, type ResolvedOrg } from "../model.js";

const NO_ORIGIN: Origin = { file: "(plan)", line: 1, column: 1 };

export function desiredFromPlan(plan: Plan): ResolvedDesired {
  let instance: ResolvedDesired["instance"];
  const orgs: ResolvedOrg[] = [];
  for (const change of plan.changes) {
    const origin = change.origin ?? NO_ORIGIN;
    const orgId = orgIdOf(change.target);
    if (orgId === undefined) {
      if (change.after) instance = { settings: change.after, origin };
      continue;
    }
    const named = change.orgName !== undefined ? { orgName: change.orgName } : {};
    const ref = { kind: "id" as const, id: orgId };
    // Whatever the action, `after` is the state the target must be in: settings, or null for "inherits".
    orgs.push(
      change.after
        ? { ref, mode: "custom", settings: change.after, origin, orgId, ...named }
        : { ref, mode: "inherit", origin, orgId, ...named },
    );
  }
  return { ...(instance ? { instance } : {}), orgs, prune: { enabled: false, protectedOrgIds: new Set() } };
}
