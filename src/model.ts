// The one model that desired state (YAML, CDKTF) and actual state (the live server) are turned into,
// and the plan made from them. Plain readonly data: everything here serialises to JSON as it is.

/** A lockout policy's two numbers. 0 means "never lock" for that mechanism. uint32 on the wire. */
export interface LockoutSettings {
  readonly maxPasswordAttempts: number;
  readonly maxOtpAttempts: number;
}

export type SettingName = keyof LockoutSettings;
export const SETTING_NAMES: readonly SettingName[] = ["maxPasswordAttempts", "maxOtpAttempts"];
export const UINT32_MAX = 4294967295;

/** Desired settings: an omitted field is unmanaged (the tool keeps what the server has). */
export type SettingsPatch = { readonly [K in SettingName]?: number };

/** An org's policy: `org:<orgId>`. */
export type OrgTargetId = `org:${string}`;
/** `instance` (the instance default) or `org:<orgId>`. */
export type TargetId = "instance" | OrgTargetId;

/**
 * What an org or instance id may be: 1-200 letters, digits, `_` or `-` — one rule for ids in configs, in what
 * the server answers, and in plan files and journals (schemas/ use the same pattern), so that every id the
 * tool accepts can be written to a file and read back. ZITADEL's generated ids are decimal digits.
 */
export const ID_PATTERN = /^[0-9A-Za-z_-]{1,200}$/;
export const ID_RULE = "1-200 letters, digits, _ or -";
export const looksLikeId = (value: unknown): value is string => typeof value === "string" && ID_PATTERN.test(value);

export const orgTarget = (orgId: string): OrgTargetId => `org:${orgId}`;
export function orgIdOf(target: OrgTargetId): string;
export function orgIdOf(target: TargetId): string | undefined;
export function orgIdOf(target: TargetId): string | undefined {
  return target === "instance" ? undefined : target.slice("org:".length);
}

/** Where a desired entry was written, so plan and apply messages can point back at it. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export const formatOrigin = (o: Origin): string => `${o.file}:${o.line}:${o.column}`;

/**
 * Text from the server (org names, error messages) as it may be shown on a terminal or in a log: control
 * characters, line and paragraph separators, bidirectional overrides and byte-order marks become \uXXXX,
 * so such text cannot move the cursor, colour the output, forge a line of a report or reorder what follows.
 */
export const printable = (text: string): string =>
  text.replace(
    // oxlint-disable-next-line no-control-regex -- escaping control characters is what this expression is for
    /[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );

// ---------------------------------------------------------------------------------------------
// Desired state (what Git says)

/**
 * `written` is set on a name that came (partly) from the environment through `${VAR}`: the text as written
 * in the file (`${ACME_ORG}`), which messages show instead of the value — a variable may hold what should
 * not end up in a CI log.
 */
export type OrgRef =
  | { readonly kind: "id"; readonly id: string }
  | { readonly kind: "name"; readonly name: string; readonly written?: string };

export const formatOrgRef = (ref: OrgRef): string =>
  ref.kind === "id"
    ? `org id ${ref.id}`
    : ref.written !== undefined
      ? `the org named by ${ref.written}`
      : `org "${ref.name}"`;

/** Where each managed field was written (a field can come from another file than its block in a merge). */
export type FieldOrigins = { readonly [K in SettingName]?: Origin };

export type DesiredOrg =
  | {
      readonly ref: OrgRef;
      readonly mode: "custom";
      readonly settings: SettingsPatch;
      readonly origin: Origin;
      readonly fieldOrigins?: FieldOrigins;
    }
  | { readonly ref: OrgRef; readonly mode: "inherit"; readonly origin: Origin };

export interface DesiredInstance {
  readonly settings: SettingsPatch;
  readonly origin: Origin;
  readonly fieldOrigins?: FieldOrigins;
}

/** An id or exact name that prune must never reset. */
export interface ProtectEntry {
  readonly value: string;
  readonly origin: Origin;
  /** As on OrgRef: the entry as written, when its value came from the environment (then never shown). */
  readonly written?: string;
}

export interface SourceFinding {
  /** A rule id of desired/lint.ts. */
  readonly rule: string;
  readonly message: string;
  readonly origin: Origin;
}

export interface DesiredState {
  /** `server:` from the config (the CLI's --url / ZITADEL_URL override it). */
  readonly server?: string;
  readonly instance?: DesiredInstance;
  readonly orgs: readonly DesiredOrg[];
  readonly prune: { readonly enabled: boolean; readonly protect: readonly ProtectEntry[]; readonly origin?: Origin };
  readonly lintIgnore: readonly string[];
  /**
   * Lint findings only a front-end can see, about how its source is written (a Terraform module that
   * relies on the provider's own behaviour); lintDesired adds them and applies lintIgnore to them too.
   */
  readonly sourceFindings?: readonly SourceFinding[];
  readonly journal?: string;
  /** The files (or synthesized stacks) this state was read from, in merge order. */
  readonly sources: readonly string[];
}

/** A desired org once its name (if any) is resolved to an id against the server. */
export type ResolvedOrg = DesiredOrg & { readonly orgId: string; readonly orgName?: string };

/** Desired state after org names (and prune's protect list) were resolved against the server. */
export interface ResolvedDesired {
  readonly instance?: DesiredInstance;
  readonly orgs: readonly ResolvedOrg[];
  /** Prune: reset every custom org policy not listed in `orgs` and not protected. */
  readonly prune: { readonly enabled: boolean; readonly protectedOrgIds: ReadonlySet<string> };
}

// ---------------------------------------------------------------------------------------------
// Actual state (what the server says)

/** One lockout policy as read: the numbers, whether it is the inherited instance default, and its sequence. */
export interface ObservedPolicy {
  readonly settings: LockoutSettings;
  /**
   * true when an org has no custom policy and the read fell back to the instance default. Always false for the
   * instance.
   */
  readonly inherited: boolean;
  /** `details.sequence` (uint64 as a decimal string). For an inheriting org, the instance policy's. */
  readonly sequence: string;
  readonly changeDate?: string;
  readonly resourceOwner?: string;
}

export interface ObservedOrg {
  readonly orgId: string;
  readonly orgName?: string;
  readonly policy: ObservedPolicy;
}

export interface ActualState {
  readonly server: string;
  /** Always read: creates take omitted fields from it. */
  readonly instance: ObservedPolicy;
  /** Every org the plan needs, keyed by id. */
  readonly orgs: ReadonlyMap<string, ObservedOrg>;
  /** Present only when prune is enabled: every org on the server, with its name. */
  readonly allOrgs?: readonly { readonly orgId: string; readonly orgName: string }[];
}

// ---------------------------------------------------------------------------------------------
// Plan (Terraform's model: plain data, a closed set of actions, before/after, the snapshot it expects)

/** noop: nothing to do; create: org inherit → custom (POST); update: PUT; reset: org custom → inherit (DELETE). */
export type Action = "noop" | "create" | "update" | "reset";
export const ACTIONS: readonly Action[] = ["create", "update", "reset", "noop"];

export type ChangeCause = "declared" | "prune";

/** What every planned change carries, whatever its action. */
interface ChangeBase {
  readonly target: TargetId;
  readonly orgName?: string;
  /** The sequence the read returned; apply refuses to write if it moved. */
  readonly expectedSequence: string;
  /** Whether the org inherited the instance default when planned (apply refuses to write if that changed). */
  readonly expectedInherited: boolean;
  readonly cause: ChangeCause;
  /** The YAML line that asked for this target (absent for prune). */
  readonly origin?: Origin;
}

/** An inheriting org gets a custom policy (POST). `before` null: the org inherits now. */
export interface CreateChange extends ChangeBase {
  readonly action: "create";
  readonly target: OrgTargetId;
  readonly before: null;
  readonly after: LockoutSettings;
  readonly expectedInherited: true;
}

/** A custom policy (or the instance default) gets new numbers (PUT). */
export interface UpdateChange extends ChangeBase {
  readonly action: "update";
  readonly before: LockoutSettings;
  readonly after: LockoutSettings;
  readonly expectedInherited: false;
}

/** An org's custom policy is removed (DELETE): `after` null, the org will inherit. */
export interface ResetChange extends ChangeBase {
  readonly action: "reset";
  readonly target: OrgTargetId;
  readonly before: LockoutSettings;
  readonly after: null;
  readonly expectedInherited: false;
}

/** Nothing to do: an org that inherits and should (both null), or a policy already at its numbers. */
export type NoopChange = ChangeBase & { readonly action: "noop" } & (
    | { readonly before: null; readonly after: null; readonly expectedInherited: true }
    | { readonly before: LockoutSettings; readonly after: LockoutSettings; readonly expectedInherited: false }
  );

/** A change that apply writes. */
export type PendingChange = CreateChange | UpdateChange | ResetChange;
/** One target of a plan: the action decides which of `before` and `after` are settings and which are null. */
export type PlannedChange = PendingChange | NoopChange;

export const isPending = (c: PlannedChange): c is PendingChange => c.action !== "noop";

export type PlanSummary = { readonly [A in Action]: number };

export interface Plan {
  readonly formatVersion: 1;
  readonly toolVersion: string;
  readonly server: string;
  readonly changes: readonly PlannedChange[];
  readonly summary: PlanSummary;
  /**
   * Set when the state was folded from the event log: the creation date of the newest event read. Apply's
   * preflight asks the log only for what happened since (docs/events.md) instead of re-reading every target.
   */
  readonly readPosition?: string;
  /**
   * The recovery check (docs/recovery-check.md): whether it was made, and why not. Absent: not run (a plan without a
   * server).
   */
  readonly recoveryCheck?: RecoveryCheck;
  /** Targets this plan would leave without a way back in; apply refuses them unless the risk is accepted. */
  readonly safety?: readonly SafetyFinding[];
  /** Present on a plan made by `rollback`: which apply it undoes, and what it would overwrite. */
  readonly rollback?: RollbackInfo;
}

// ---------------------------------------------------------------------------------------------
// Safety: who could unlock a locked manager (docs/recovery-check.md)

/** Active users who may unlock users of a scope, not counting the tool's own user. */
export interface RecovererCount {
  readonly service: number;
  readonly human: number;
}

export interface SafetyFinding {
  readonly target: TargetId;
  readonly orgName?: string;
  readonly rule: "no-recovery-path";
  readonly recoverers: RecovererCount;
  readonly message: string;
}

/** Instance roles whose permissions include user.write (ZITADEL's default role mappings). */
export const INSTANCE_RECOVERER_ROLES: readonly string[] = ["IAM_OWNER", "IAM_ORG_MANAGER", "IAM_USER_MANAGER"];
/** Org roles whose permissions include user.write. */
export const ORG_RECOVERER_ROLES: readonly string[] = ["ORG_OWNER", "ORG_USER_MANAGER"];

export interface RecoveryMember {
  readonly userId: string;
  readonly roles: readonly string[];
}

export interface RecoveryUser {
  readonly userId: string;
  /** Only "active" counts: a locked, inactive or initial user cannot sign in to unlock anyone. */
  readonly state: string;
  readonly human: boolean;
}

/** What actual/recovery.ts read for the check. `orgMembers` holds only the orgs it had to read. */
export interface RecoveryFacts {
  readonly selfUserId: string;
  readonly instanceMembers: readonly RecoveryMember[];
  readonly orgMembers: ReadonlyMap<string, readonly RecoveryMember[]>;
  readonly users: ReadonlyMap<string, RecoveryUser>;
}

export type RecoveryCheck =
  /** No change makes lockout stricter: nothing to check. */
  | { readonly status: "not-needed" }
  | { readonly status: "checked"; readonly targets: number }
  /** `lint.ignore` lists no-recovery-path: the check was not made, by choice. */
  | { readonly status: "waived" }
  /** The credentials may not read members or users: the check could not be made (a warning, no refusal). */
  | { readonly status: "not-checked"; readonly reason: string };

// ---------------------------------------------------------------------------------------------
// Rollback (docs/rollback.md)

export interface RollbackSnapshot {
  readonly settings: LockoutSettings | null;
  readonly sequence: string;
}

export interface RollbackInfo {
  /** The journaled apply this plan undoes. */
  readonly of: { readonly appliedAt: string; readonly kind: "apply" | "rollback"; readonly summary: PlanSummary };
  /** Targets changed by someone since that apply: the rollback overwrites what they did. */
  readonly changedSince: readonly {
    readonly target: TargetId;
    readonly orgName?: string;
    readonly recorded: RollbackSnapshot;
    readonly live: RollbackSnapshot;
  }[];
}

/** The changes apply writes, in plan order (noops left out). */
export const pendingChanges = (plan: Pick<Plan, "changes">): PendingChange[] => plan.changes.filter(isPending);

export const hasChanges = (plan: Plan): boolean => plan.changes.some(isPending);

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
