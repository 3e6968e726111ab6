// Fixed inputs for the renderers: a plan with every action, apply results with every outcome, drift
// reports with every verdict. Built through the real computePlan / computeDrift, with fixed dates.
import type { ApplyResult, TargetResult } from "../../src/apply/index.js";
import {
  pendingChanges,
  type ActualState,
  type NoopChange,
  type ObservedPolicy,
  type Plan,
  type PlannedChange,
} from "../../src/model.js";
import { computeDrift, computePlan, type Journal, type JournalInput } from "../../src/plan/index.js";
import { custom, desired, inherit, s } from "../plan/fixtures.js";

export const NOW = new Date("2025-03-04T05:06:07.000Z");
const SERVER = "https://acme.zitadel.cloud";

const org = (orgId: string, orgName: string, policy: ObservedPolicy) => [orgId, { orgId, orgName, policy }] as const;

/**
 * Instance 5/5; ACME inherits; Globex custom 9/9; Initech custom 2/2; Umbrella (unlisted) custom 7/7; Hooli 4/0; Stark
 * inherits.
 */
export function liveState(): ActualState {
  const instance: ObservedPolicy = {
    settings: s(5, 5),
    inherited: false,
    sequence: "57",
    changeDate: "2025-03-01T12:00:00.5Z",
  };
  return {
    server: SERVER,
    instance,
    orgs: new Map([
      org("300000000000000011", "ACME | <b>Corp</b>", { ...instance, inherited: true }),
      org("300000000000000012", "Globex", {
        settings: s(9, 9),
        inherited: false,
        sequence: "31",
        changeDate: "2025-03-02T10:00:00Z",
      }),
      org("300000000000000013", "Initech", {
        settings: s(2, 2),
        inherited: false,
        sequence: "44",
        changeDate: "2025-02-01T08:30:00Z",
      }),
      org("300000000000000014", "Umbrella", {
        settings: s(7, 7),
        inherited: false,
        sequence: "12",
        changeDate: "2025-01-15T00:00:00Z",
      }),
      org("300000000000000015", "Hooli", {
        settings: s(4, 0),
        inherited: false,
        sequence: "8",
        changeDate: "2025-01-10T00:00:00Z",
      }),
      org("300000000000000016", "Stark", { ...instance, inherited: true }),
    ]),
  };
}

/** create (ACME), update (instance, Globex), reset (Initech by config, Umbrella by prune), noop (Hooli, Stark). */
export function mixedPlan(live: ActualState = liveState()): Plan {
  return computePlan({
    desired: desired({
      instance: { settings: { maxPasswordAttempts: 6 }, origin: { file: "lockout.yaml", line: 3, column: 3 } },
      orgs: [
        custom("300000000000000011", { maxPasswordAttempts: 3 }, 7),
        custom("300000000000000012", { maxPasswordAttempts: 4, maxOtpAttempts: 4 }, 10),
        inherit("300000000000000013", 13),
        custom("300000000000000015", { maxPasswordAttempts: 4 }, 15),
        inherit("300000000000000016", 17),
      ],
      prune: { enabled: true, protectedOrgIds: new Set() },
    }),
    actual: live,
    toolVersion: "0.1.0",
  });
}

/** A plan that matches the server: only noops. */
export function noChangePlan(): Plan {
  return computePlan({
    desired: desired({
      instance: { settings: s(5, 5), origin: { file: "lockout.yaml", line: 3, column: 3 } },
      orgs: [inherit("300000000000000011")],
    }),
    actual: liveState(),
    toolVersion: "0.1.0",
  });
}

/** Every outcome once: applied, converged, failed, not attempted; one target left unconverged. */
export function mixedApplyResult(): ApplyResult {
  const plan = mixedPlan();
  const pending = pendingChanges(plan);
  const outcomes: TargetResult["outcome"][] = [
    { status: "applied", sequence: "58" },
    { status: "converged", answer: "AlreadyExists" },
    { status: "applied", sequence: "32" },
    {
      status: "failed",
      error:
        "PUT /management/v1/policies/lockout (org 300000000000000013): HTTP 403, code 7: No matching " +
        "permissions found (AUTH-5mWD2)",
    },
    { status: "not-attempted", stoppedBy: "failure" },
  ];
  const results = pending.map((change, i) => ({ change, outcome: outcomes[i]! }));
  const unconverged = pending.filter((c) => c.target === "org:300000000000000013");
  return {
    plan,
    results,
    verification: { ...plan, changes: unconverged },
    observed: new Map(),
    unverified: [],
    toolVersion: "0.1.0",
    ok: false,
  };
}

/** What a re-read plans for a target that now holds the change's `after`: nothing. */
const settled = (c: PlannedChange): NoopChange =>
  c.after === null
    ? { ...c, action: "noop", before: null, after: null, expectedInherited: true }
    : { ...c, action: "noop", before: c.after, after: c.after, expectedInherited: false };

export function successfulApplyResult(): ApplyResult {
  const plan = mixedPlan();
  const pending = pendingChanges(plan);
  const results = pending.map((change, i) => ({
    change,
    outcome: { status: "applied", sequence: String(100 + i) } as const,
  }));
  return {
    plan,
    results,
    verification: { ...plan, changes: plan.changes.map(settled) },
    observed: new Map(),
    unverified: [],
    toolVersion: "0.1.0",
    ok: true,
  };
}

/**
 * The journal of an apply that made the config true: instance 6/5, ACME 3/5, Globex 4/4, Initech inherits, Hooli 4/0.
 */
export function journal(): Journal {
  const at = "2025-03-03T09:00:00.000Z";
  return {
    kind: "zitadel-lockout-journal",
    formatVersion: 1,
    toolVersion: "0.1.0",
    server: SERVER,
    writtenAt: at,
    entries: [
      { target: "instance", settings: s(6, 5), sequence: "60", changeDate: "2025-03-03T08:59:59Z", appliedAt: at },
      {
        target: "org:300000000000000011",
        orgName: "ACME | <b>Corp</b>",
        settings: s(3, 5),
        sequence: "20",
        appliedAt: at,
      },
      { target: "org:300000000000000012", orgName: "Globex", settings: s(4, 4), sequence: "31", appliedAt: at },
      { target: "org:300000000000000013", orgName: "Initech", settings: null, sequence: "60", appliedAt: at },
      {
        target: "org:300000000000000015",
        orgName: "Hooli",
        settings: s(4, 0),
        sequence: "8",
        appliedAt: "2025-02-01T00:00:00.000Z",
      },
      { target: "org:300000000000000016", orgName: "Stark", settings: null, sequence: "60", appliedAt: at },
    ],
  };
}

/**
 * The live state some time after that apply: the instance was changed and changed back in the console
 * (6/5, new sequence), ACME's custom policy was reset, Globex was edited to 9/9, Initech got a custom
 * policy 2/2, Hooli is untouched, Stark still inherits (and so reads the instance's new sequence), and
 * Umbrella (not in the config, so not in the journal) has a custom policy that prune resets.
 */
export function driftedLive(): ActualState {
  const instance: ObservedPolicy = {
    settings: s(6, 5),
    inherited: false,
    sequence: "63",
    changeDate: "2025-03-03T17:45:00Z",
  };
  const live = withInstance(liveState(), instance);
  const orgs = new Map(live.orgs);
  orgs.set("300000000000000011", { ...orgs.get("300000000000000011")!, policy: { ...instance, inherited: true } });
  orgs.set("300000000000000012", {
    ...orgs.get("300000000000000012")!,
    policy: { settings: s(9, 9), inherited: false, sequence: "35", changeDate: "2025-03-03T18:00:00Z" },
  });
  orgs.set("300000000000000013", {
    ...orgs.get("300000000000000013")!,
    policy: { settings: s(2, 2), inherited: false, sequence: "71", changeDate: "2025-03-03T19:30:00Z" },
  });
  return { ...live, orgs };
}

/** Every inheriting org reads the instance row: give them the new instance policy too. */
function withInstance(live: ActualState, instance: ObservedPolicy): ActualState {
  const orgs = new Map(
    [...live.orgs].map(([id, o]) => [id, o.policy.inherited ? { ...o, policy: { ...instance, inherited: true } } : o]),
  );
  return { ...live, instance, orgs };
}

export function driftReport(
  journalInput: JournalInput = { kind: "read", path: ".zitadel-lockout/journal.json", journal: journal() },
) {
  const live = driftedLive();
  return computeDrift({ plan: mixedPlan(live), actual: live, journal: journalInput, now: NOW });
}

/** A server that matches the journal and the config exactly. */
export function inSyncReport(
  journalInput: JournalInput = { kind: "read", path: ".zitadel-lockout/journal.json", journal: journal() },
) {
  const instance: ObservedPolicy = {
    settings: s(6, 5),
    inherited: false,
    sequence: "60",
    changeDate: "2025-03-03T08:59:59Z",
  };
  const live = liveState();
  const orgs = new Map(live.orgs);
  orgs.set("300000000000000011", {
    ...orgs.get("300000000000000011")!,
    policy: { settings: s(3, 5), inherited: false, sequence: "20" },
  });
  orgs.set("300000000000000012", {
    ...orgs.get("300000000000000012")!,
    policy: { settings: s(4, 4), inherited: false, sequence: "31" },
  });
  orgs.set("300000000000000013", { ...orgs.get("300000000000000013")!, policy: { ...instance, inherited: true } });
  orgs.delete("300000000000000014");
  const actual = withInstance({ ...live, orgs }, instance);
  return computeDrift({ plan: mixedPlan(actual), actual, journal: journalInput, now: NOW });
}
