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

/** `instance` (the instance default) or `org:<orgId>`. */
export type TargetId = "instance" | `org:${string}`;

/**
 * What an org or instance id may be: 1-200 letters, digits, `_` or `-` — one rule for ids in configs, in what
 * the server answers, and in plan files and journals (schemas/ use the same pattern), so that every id the
 * tool accepts can be written to a file and read back. ZITADEL's generated ids are decimal digits.
 */
export const ID_PATTERN = /^[0-9A-Za-z_-]{1,200}$/;
export const ID_RULE = "1-200 letters, digits, _ or -";
export const looksLikeId = (value: unknown): value is string => typeof value === "string" && ID_PATTERN.test(value);

export const orgTarget = (orgId: string): TargetId => `org:${orgId}`;
export const orgIdOf = (target: TargetId): string | undefined =>
  target === "instance" ? undefined : target.slice("org:".length);

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
  // eslint-disable-next-line no-control-regex -- escaping control characters is what this expression is for
  text.replace(/[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);

// ---------------------------------------------------------------------------------------------
// Desired state (what Git says)

export type OrgRef = { readonly kind: "id"; readonly id: string } | { readonly kind: "name"; readonly name: string };

export const formatOrgRef = (ref: OrgRef): string => (ref.kind === "id" ? `org id ${ref.id}` : `org "${ref.name}"`);

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
}

export interface DesiredState {
  /** `server:` from the config (the CLI's --url / ZITADEL_URL override it). */
  readonly server?: string;
  readonly instance?: DesiredInstance;
  readonly orgs: readonly DesiredOrg[];
  readonly prune: { readonly enabled: boolean; readonly protect: readonly ProtectEntry[]; readonly origin?: Origin };
  readonly lintIgnore: readonly string[];
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
  /** true when an org has no custom policy and the read fell back to the instance default. Always false for the instance. */
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

export interface PlannedChange {
  readonly target: TargetId;
  readonly orgName?: string;
  readonly action: Action;
  /** null: the org inherits the instance default. */
  readonly before: LockoutSettings | null;
  readonly after: LockoutSettings | null;
  /** The sequence the read returned; apply refuses to write if it moved. */
  readonly expectedSequence: string;
  readonly expectedInherited: boolean;
  readonly cause: ChangeCause;
  /** The YAML line that asked for this target (absent for prune). */
  readonly origin?: Origin;
}

export type PlanSummary = { readonly [A in Action]: number };

export interface Plan {
  readonly formatVersion: 1;
  readonly toolVersion: string;
  readonly server: string;
  readonly changes: readonly PlannedChange[];
  readonly summary: PlanSummary;
}

export const hasChanges = (plan: Plan): boolean => plan.changes.some((c) => c.action !== "noop");

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
