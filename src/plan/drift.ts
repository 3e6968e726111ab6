// Drift (README.md#commands, §6): two independent questions about every managed target.
//   1. Do the live values differ from the config?  That is exactly the plan: any change that is not a noop.
//   2. Did the target change outside Git since the last journaled apply?  Its sequence moved (or its
//      inherit state flipped), even if the values are equal again.
// Pure: the caller reads the server and the journal file and passes them in.
import { attribute, type Attribution, type EventHistory } from "./drift-who.js";
import {
  isPending,
  assertNever,
  orgIdOf,
  type Action,
  type ActualState,
  type ChangeCause,
  type LockoutSettings,
  type ObservedPolicy,
  type Plan,
  type TargetId,
} from "../model.js";
import type { HistoryRecord } from "./rollback.js";

// ---------------------------------------------------------------------------------------------
// The journal: what a verified apply left behind (written by apply/journal.ts, compared here).

export const JOURNAL_KIND = "zitadel-lockout-journal";

export interface JournalEntry {
  readonly target: TargetId;
  readonly orgName?: string;
  /** The values after the apply; null when the org inherits the instance default (as in a plan's before/after). */
  readonly settings: LockoutSettings | null;
  /** `details.sequence` read after the apply. For an inheriting org this is the instance policy's. */
  readonly sequence: string;
  /** The server's change date of the policy row that was read, when it had one. */
  readonly changeDate?: string;
  /** When the apply that recorded this state ran (kept across applies that found the target unchanged). */
  readonly appliedAt: string;
}

export interface Journal {
  readonly kind: typeof JOURNAL_KIND;
  /** 2 since rollback (adds `history`); version 1, written by the first release, is still read. */
  readonly formatVersion: 1 | 2;
  readonly toolVersion: string;
  readonly server: string;
  /**
   * The instance the apply read (`details.resourceOwner` of the instance policy), when known. The URL alone
   * does not tell a rebuilt instance at the same address from the one the journal describes.
   */
  readonly instanceId?: string;
  readonly writtenAt: string;
  /** Sorted like a plan: instance first, then orgs by id. */
  readonly entries: readonly JournalEntry[];
  /** The last verified applies that changed something, oldest first (absent in a version 1 journal). */
  readonly history?: readonly HistoryRecord[];
}

/** What drift knows about the journal: none configured, configured but not written yet, or read. */
export type JournalInput =
  | { readonly kind: "none" }
  | { readonly kind: "missing"; readonly path: string }
  | { readonly kind: "read"; readonly path: string; readonly journal: Journal };

// ---------------------------------------------------------------------------------------------
// The report

/** How a target changed outside Git, judged from its journal entry and the live read. */
export type OutOfBandChange =
  /** Custom policy (or the instance default) with a new sequence and other values. */
  | "values-changed"
  /** New sequence, same values: changed and changed back (or re-saved) outside Git. */
  | "changed-and-reverted"
  /** The org inherited after the last apply and has a custom policy now. */
  | "custom-policy-added"
  /** The org had a custom policy after the last apply and inherits now. */
  | "reset-to-default";

export type OutsideGit =
  /** No journal (none configured, or not written yet): only values were compared. */
  | { readonly status: "not-checked" }
  /**
   * The journal has no entry for this target (added to the config, or found by prune, since the last journaled apply).
   */
  | { readonly status: "not-recorded" }
  | { readonly status: "unchanged" }
  /**
   * The org inherits, as it did after the last apply; its read sequence moved only because the instance
   * default it falls back to moved. That is reported once, on the instance, not once per inheriting org.
   */
  | { readonly status: "follows-instance" }
  | {
      readonly status: "changed";
      readonly change: OutOfBandChange;
      readonly recorded: {
        readonly settings: LockoutSettings | null;
        readonly sequence: string;
        readonly appliedAt: string;
      };
      /** The server's change date of the row read now; absent for a reset (the org's row is gone). */
      readonly changeDate?: string;
      /** Who made the change and when, from the event log; or why that cannot be told. Absent: not asked. */
      readonly changedBy?: Attribution;
    };

export interface DriftTarget {
  readonly target: TargetId;
  readonly orgName?: string;
  /** Live values; null when the org inherits the instance default. */
  readonly live: LockoutSettings | null;
  readonly liveSequence: string;
  /** What the config wants; null for "inherits". */
  readonly desired: LockoutSettings | null;
  /** What `apply` would do to bring the target back to the config (noop when the values agree). */
  readonly action: Action;
  readonly cause: ChangeCause;
  readonly valuesDiffer: boolean;
  readonly outsideGit: OutsideGit;
  readonly drifted: boolean;
}

export interface DriftSummary {
  readonly targets: number;
  readonly drifted: number;
  readonly valuesDiffer: number;
  readonly changedOutsideGit: number;
  readonly inSync: number;
  readonly notRecorded: number;
  readonly followsInstance: number;
}

export interface DriftReport {
  readonly toolVersion: string;
  readonly server: string;
  readonly checkedAt: string;
  readonly journal:
    | { readonly status: "none" }
    | { readonly status: "missing"; readonly path: string }
    | { readonly status: "read"; readonly path: string; readonly writtenAt: string; readonly toolVersion: string };
  readonly targets: readonly DriftTarget[];
  readonly summary: DriftSummary;
  readonly drifted: boolean;
}

export interface DriftInput {
  /** The plan computed from the same live read: its non-noop changes are the value drift. */
  readonly plan: Plan;
  readonly actual: ActualState;
  readonly journal: JournalInput;
  readonly now: Date;
  /** The event log's lockout events (or why they could not be read), to name who changed what. */
  readonly history?: EventHistory;
}

export function computeDrift({ plan, actual, journal, now, history }: DriftInput): DriftReport {
  const entries = journal.kind === "read" ? new Map(journal.journal.entries.map((e) => [e.target, e])) : undefined;
  const targets = plan.changes.map((change): DriftTarget => {
    const live = observedOf(actual, change.target);
    const compared = entries
      ? compareWithJournal(entries.get(change.target), stateOf(live))
      : ({ status: "not-checked" } as const);
    const outsideGit =
      compared.status === "changed" && history
        ? { ...compared, changedBy: attribute(change.target, compared.recorded, history) }
        : compared;
    const valuesDiffer = isPending(change);
    return {
      target: change.target,
      ...(change.orgName !== undefined ? { orgName: change.orgName } : {}),
      live: change.before,
      liveSequence: live.sequence,
      desired: change.after,
      action: change.action,
      cause: change.cause,
      valuesDiffer,
      outsideGit,
      drifted: valuesDiffer || outsideGit.status === "changed",
    };
  });
  const summary = summarizeDrift(targets);
  return {
    toolVersion: plan.toolVersion,
    server: plan.server,
    checkedAt: now.toISOString(),
    journal: journalStatus(journal),
    targets,
    summary,
    drifted: summary.drifted > 0,
  };
}

/** A target's state as compared here: values, or null when the org inherits (the plan's convention). */
export interface TargetState {
  readonly settings: LockoutSettings | null;
  readonly sequence: string;
  readonly changeDate?: string;
}

export const stateOf = (o: ObservedPolicy): TargetState => ({
  settings: o.inherited ? null : o.settings,
  sequence: o.sequence,
  ...(o.changeDate !== undefined ? { changeDate: o.changeDate } : {}),
});

/** One target's journal entry against its live state. */
export function compareWithJournal(entry: JournalEntry | undefined, live: TargetState): OutsideGit {
  if (!entry) return { status: "not-recorded" };
  if (entry.settings === null && live.settings === null) {
    // An inheriting org reads the instance row: its sequence is the instance's, not its own.
    return entry.sequence === live.sequence ? { status: "unchanged" } : { status: "follows-instance" };
  }
  if (entry.settings !== null && live.settings !== null && entry.sequence === live.sequence)
    return { status: "unchanged" };
  const recorded = { settings: entry.settings, sequence: entry.sequence, appliedAt: entry.appliedAt };
  const change = classify(entry.settings, live.settings);
  // After a reset the read falls back to the instance row: its change date says nothing about this org.
  const changeDate = change === "reset-to-default" ? undefined : live.changeDate;
  return { status: "changed", change, recorded, ...(changeDate !== undefined ? { changeDate } : {}) };
}

function classify(recorded: LockoutSettings | null, live: LockoutSettings | null): OutOfBandChange {
  if (recorded === null) return "custom-policy-added";
  if (live === null) return "reset-to-default";
  const same =
    recorded.maxPasswordAttempts === live.maxPasswordAttempts && recorded.maxOtpAttempts === live.maxOtpAttempts;
  return same ? "changed-and-reverted" : "values-changed";
}

function observedOf(actual: ActualState, target: TargetId): ObservedPolicy {
  const orgId = orgIdOf(target);
  if (orgId === undefined) return actual.instance;
  const org = actual.orgs.get(orgId);
  if (!org) throw new Error(`internal: ${target} is in the plan but was not read`);
  return org.policy;
}

function journalStatus(journal: JournalInput): DriftReport["journal"] {
  switch (journal.kind) {
    case "none":
      return { status: "none" };
    case "missing":
      return { status: "missing", path: journal.path };
    case "read":
      return {
        status: "read",
        path: journal.path,
        writtenAt: journal.journal.writtenAt,
        toolVersion: journal.journal.toolVersion,
      };
    default:
      return assertNever(journal);
  }
}

export function summarizeDrift(targets: readonly DriftTarget[]): DriftSummary {
  const count = (p: (t: DriftTarget) => boolean) => targets.filter(p).length;
  return {
    targets: targets.length,
    drifted: count((t) => t.drifted),
    valuesDiffer: count((t) => t.valuesDiffer),
    changedOutsideGit: count((t) => t.outsideGit.status === "changed"),
    inSync: count((t) => !t.drifted),
    notRecorded: count((t) => t.outsideGit.status === "not-recorded"),
    followsInstance: count((t) => t.outsideGit.status === "follows-instance"),
  };
}
