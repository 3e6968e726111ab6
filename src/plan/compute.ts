// The one diff (README.md#architecture): desired state + actual state → plan. Pure: no network, files or clock.
// Preview, apply and the post-apply verification all go through this function.
import { ResolveError } from "../errors.js";
import {
  ACTIONS,
  assertNever,
  formatOrigin,
  orgTarget,
  type ActualState,
  type NoopChange,
  type ObservedOrg,
  type Plan,
  type PlannedChange,
  type PlanSummary,
  type ResolvedDesired,
  type ResolvedOrg,
  type SettingsPatch,
  type UpdateChange,
} from "../model.js";
import { compareOrgIds, fillPatch, sameSettings } from "./settings.js";

export interface PlanInput {
  readonly desired: ResolvedDesired;
  readonly actual: ActualState;
  readonly toolVersion: string;
}

export function computePlan({ desired, actual, toolVersion }: PlanInput): Plan {
  const orgs = uniqueOrgs(desired.orgs);
  const changes: PlannedChange[] = [];

  if (desired.instance) {
    const before = actual.instance.settings;
    const after = fillPatch(desired.instance.settings, before);
    changes.push({
      target: "instance",
      action: sameSettings(before, after) ? "noop" : "update",
      before,
      after,
      expectedSequence: actual.instance.sequence,
      expectedInherited: false,
      cause: "declared",
      origin: desired.instance.origin,
    } satisfies NoopChange | UpdateChange);
  }

  for (const org of orgs) {
    const observed = actual.orgs.get(org.orgId);
    if (!observed) throw new Error(`internal: org ${org.orgId} was not read before planning`);
    changes.push(planOrg(org, observed, desired.instance?.settings ?? {}));
  }

  if (desired.prune.enabled) {
    const declared = new Set(orgs.map((o) => o.orgId));
    for (const observed of actual.orgs.values()) {
      if (declared.has(observed.orgId) || desired.prune.protectedOrgIds.has(observed.orgId)) continue;
      if (observed.policy.inherited) continue; // nothing to reset
      changes.push({
        target: orgTarget(observed.orgId),
        ...(observed.orgName !== undefined ? { orgName: observed.orgName } : {}),
        action: "reset",
        before: observed.policy.settings,
        after: null,
        expectedSequence: observed.policy.sequence,
        expectedInherited: false,
        cause: "prune",
      });
    }
  }

  const sorted = changes.sort(byTarget);
  return { formatVersion: 1, toolVersion, server: actual.server, changes: sorted, summary: summarize(sorted) };
}

function planOrg(org: ResolvedOrg, observed: ObservedOrg, instanceWanted: SettingsPatch): PlannedChange {
  const live = observed.policy;
  const orgName = org.orgName ?? observed.orgName;
  const common = {
    target: orgTarget(org.orgId),
    ...(orgName !== undefined ? { orgName } : {}),
    expectedSequence: live.sequence,
    expectedInherited: live.inherited,
    cause: "declared" as const,
    origin: org.origin,
  };
  switch (org.mode) {
    case "custom": {
      if (live.inherited) {
        // inherit → custom: omitted fields take what the org would inherit after this apply — the configured
        // instance value, else the live one. "Live" is what this org's own read fell back to, not the separate
        // instance read: the plan's reads run concurrently, and when the instance changes while they run, an
        // org read after the change carries the new instance sequence. Filling it from the older instance read
        // would write the old value under a guard (expectedSequence) that vouches for the new one.
        const inheritedAfter = fillPatch(instanceWanted, live.settings);
        return {
          ...common,
          expectedInherited: true,
          action: "create",
          before: null,
          after: fillPatch(org.settings, inheritedAfter),
        };
      }
      const after = fillPatch(org.settings, live.settings);
      const action = sameSettings(live.settings, after) ? "noop" : "update";
      return { ...common, expectedInherited: false, action, before: live.settings, after };
    }
    case "inherit":
      return live.inherited
        ? { ...common, expectedInherited: true, action: "noop", before: null, after: null }
        : { ...common, expectedInherited: false, action: "reset", before: live.settings, after: null };
    default:
      return assertNever(org);
  }
}

/** The same org named twice (by id and by name, or twice by name) is an error before anything is written. */
function uniqueOrgs(orgs: readonly ResolvedOrg[]): readonly ResolvedOrg[] {
  const seen = new Map<string, ResolvedOrg>();
  for (const org of orgs) {
    const first = seen.get(org.orgId);
    if (first) {
      throw new ResolveError(
        `org ${org.orgId}${org.orgName ? ` ("${org.orgName}")` : ""} is listed twice: here and at ` +
          `${formatOrigin(first.origin)}`,
        org.origin,
      );
    }
    seen.set(org.orgId, org);
  }
  return orgs;
}

function byTarget(a: PlannedChange, b: PlannedChange): number {
  if (a.target === b.target) return 0;
  if (a.target === "instance") return -1;
  if (b.target === "instance") return 1;
  return compareOrgIds(a.target.slice(4), b.target.slice(4));
}

export function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<(typeof ACTIONS)[number], number>;
  for (const c of changes) counts[c.action] += 1;
  return counts;
}
