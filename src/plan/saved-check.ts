// Checks of a saved plan beyond its schema, so that a plan file edited by hand (or by someone who should
// not) is refused before any write: each change must agree with itself, and — when apply is given the
// config — the plan must be exactly what that config produces against the plan's own `before` state.
// Pure: the caller reads files and, when needed, the instance policy.
import {
  formatOrigin,
  orgIdOf,
  orgTarget,
  type ActualState,
  type DesiredState,
  type LockoutSettings,
  type ObservedOrg,
  type Plan,
  type PlannedChange,
  type ResolvedOrg,
} from "../model.js";
import { computePlan } from "./compute.js";
import { sameSettings } from "./settings.js";

const shown = (s: LockoutSettings | null): string =>
  s === null ? "inherit" : `${s.maxPasswordAttempts}/${s.maxOtpAttempts}`;

/** What is wrong with each change on its own (the schema already fixed the shapes per action). */
export function planInconsistencies(plan: Plan): string[] {
  const problems: string[] = [];
  for (const c of plan.changes) {
    const { before, after } = c;
    const same = before === null || after === null ? before === after : sameSettings(before, after);
    if (c.action === "noop" && !same)
      problems.push(`${c.target}: a noop whose after (${shown(after)}) differs from its before (${shown(before)})`);
    if (c.action === "update" && same)
      problems.push(`${c.target}: an update whose after equals its before (${shown(before)})`);
    if (c.action === "noop" && c.target !== "instance" && (before === null) !== c.expectedInherited) {
      problems.push(
        `${c.target}: a noop whose before (${shown(before)}) disagrees with expectedInherited (${c.expectedInherited})`,
      );
    }
    if (c.cause === "prune" && c.action !== "reset")
      problems.push(`${c.target}: prune only ever resets, but this change is a ${c.action}`);
  }
  return problems;
}

/** Whether checking against the config needs the instance values an inheriting org read at plan time. */
export function needsInheritedValues(plan: Plan): boolean {
  return !plan.changes.some((c) => c.target === "instance") && plan.changes.some((c) => c.action === "create");
}

export interface SavedPlanCheckInput {
  readonly plan: Plan;
  readonly desired: DesiredState;
  /**
   * The instance values the plan's inheriting orgs read. Taken from the plan's instance change when it has
   * one; otherwise the caller passes what it read (at the plan's expected sequence).
   */
  readonly inherited?: LockoutSettings;
}

/** The differences between the saved plan and what the config produces against the plan's `before`. */
export function planConfigDifferences({ plan, desired, inherited }: SavedPlanCheckInput): string[] {
  const instanceChange = plan.changes.find((c) => c.target === "instance");
  const instanceBefore = instanceChange?.before ?? inherited;
  const problems: string[] = [];
  const orgs = new Map<string, ObservedOrg>();
  for (const c of plan.changes) {
    const orgId = orgIdOf(c.target);
    if (orgId === undefined) continue;
    // An inheriting org read the instance row: its values are the instance's (when known), its sequence the plan's.
    const settings = c.before ?? instanceBefore ?? { maxPasswordAttempts: 0, maxOtpAttempts: 0 };
    const policy = { settings, inherited: c.before === null, sequence: c.expectedSequence };
    orgs.set(orgId, { orgId, ...(c.orgName !== undefined ? { orgName: c.orgName } : {}), policy });
  }
  const byName = new Map<string, string[]>();
  for (const o of orgs.values())
    if (o.orgName !== undefined) byName.set(o.orgName, [...(byName.get(o.orgName) ?? []), o.orgId]);

  const resolved: ResolvedOrg[] = [];
  for (const org of desired.orgs) {
    if (org.ref.kind === "id") {
      resolved.push({ ...org, orgId: org.ref.id });
      continue;
    }
    // The name itself is not quoted: it may have come from ${VAR}. The config line says which one.
    const ids = byName.get(org.ref.name) ?? [];
    if (ids.length === 1) resolved.push({ ...org, orgId: ids[0]!, orgName: org.ref.name });
    else
      problems.push(
        `the org named at ${formatOrigin(org.origin)} is ` +
          `${ids.length === 0 ? "not in the plan" : "in the plan more than once"}`,
      );
  }
  for (const org of resolved) {
    if (!orgs.has(org.orgId))
      problems.push(
        `${orgTarget(org.orgId)} (${formatOrigin(org.origin)}) is managed by the config but not in the plan`,
      );
  }
  if (desired.instance && !instanceChange)
    problems.push("the config manages the instance default, but the plan has no change for it");
  if (problems.length > 0) return problems;

  const protectedOrgIds = new Set<string>();
  for (const p of desired.prune.protect) {
    for (const o of orgs.values()) if (o.orgId === p.value || o.orgName === p.value) protectedOrgIds.add(o.orgId);
  }
  const actual: ActualState = {
    server: plan.server,
    instance: {
      settings: instanceBefore ?? { maxPasswordAttempts: 0, maxOtpAttempts: 0 },
      inherited: false,
      sequence: instanceChange?.expectedSequence ?? "0",
    },
    orgs,
  };
  let expected: Plan;
  try {
    expected = computePlan({
      desired: {
        ...(desired.instance ? { instance: desired.instance } : {}),
        orgs: resolved,
        prune: { enabled: desired.prune.enabled, protectedOrgIds },
      },
      actual,
      toolVersion: plan.toolVersion,
    });
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
  const want = new Map(expected.changes.map((c) => [c.target, c]));
  for (const c of plan.changes) {
    const e = want.get(c.target);
    want.delete(c.target);
    if (!e) {
      problems.push(
        `${c.target}: the plan ${c.action === "noop" ? "lists" : `${c.action}s`} it, but the config does ` +
          `not manage it (nor prune it)`,
      );
      continue;
    }
    const difference = differs(c, e);
    if (difference) problems.push(`${c.target}: ${difference}`);
  }
  for (const e of want.values())
    problems.push(
      `${e.target}: the config ${e.action === "noop" ? "manages" : `${e.action}s`} it, but the plan does not list it`,
    );
  return problems;
}

function differs(saved: PlannedChange, expected: PlannedChange): string | undefined {
  if (saved.action !== expected.action) return `the plan says ${saved.action}, the config gives ${expected.action}`;
  const same = (a: LockoutSettings | null, b: LockoutSettings | null) =>
    a === null || b === null ? a === b : sameSettings(a, b);
  if (!same(saved.after, expected.after))
    return `the plan sets ${shown(saved.after)}, the config gives ${shown(expected.after)}`;
  if (saved.cause !== expected.cause) return `the plan gives the cause ${saved.cause}, the config ${expected.cause}`;
  return undefined;
}

/**
 * A saved plan's `after` values as a desired state, for the config's lint rules: a plan edited to switch
 * lockout off (0/0) or to allow more attempts than the instance gets the same warnings as a config would.
 * Positions point at the plan file; `lintIgnore` comes from the config when one is given.
 */
export function desiredFromPlanAfter(plan: Plan, source: string, lintIgnore: readonly string[]): DesiredState {
  const origin = { file: source, line: 1, column: 1 };
  const instance = plan.changes.find((c) => c.target === "instance")?.after;
  return {
    server: plan.server,
    ...(instance ? { instance: { settings: instance, origin } } : {}),
    orgs: plan.changes.flatMap((c) => {
      const orgId = orgIdOf(c.target);
      if (orgId === undefined) return [];
      const ref = { kind: "id" as const, id: orgId };
      return [
        c.after
          ? { ref, mode: "custom" as const, settings: c.after, origin }
          : { ref, mode: "inherit" as const, origin },
      ];
    }),
    prune: { enabled: false, protect: [] },
    lintIgnore,
    sources: [source],
  };
}
