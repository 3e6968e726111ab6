// The client's public types: what callers (actual/, apply/, cli/) pass in and get back.
import type { Clock } from "../clock.js";
import type { LockoutSettings } from "../model.js";
import type { RecoveryCalls } from "./recovery-calls.js";

/**
 * A ZITADEL service-account key file, as downloaded from the console. API-application key files are
 * refused: the JWT-profile grant only knows machine users' keys (docs/zitadel-api.md §5.1).
 */
export interface ServiceAccountKey {
  readonly type: "serviceaccount";
  readonly keyId: string;
  /** PEM, PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`) as ZITADEL issues it; PKCS#8 is accepted too. */
  readonly key: string;
  /** The machine user the JWT is issued for (its iss and sub). */
  readonly userId: string;
}

export type Credentials =
  | { readonly kind: "pat"; readonly token: string }
  /** `source` is the key file's path, used in messages only. */
  | { readonly kind: "key-file"; readonly key: ServiceAccountKey; readonly source: string }
  | { readonly kind: "client-credentials"; readonly clientId: string; readonly clientSecret: string };

export type CredentialKind = Credentials["kind"];

/** One HTTP attempt as it went over the wire. Carries no header values, so no token can leak through it. */
export interface RequestEvent {
  readonly method: string;
  readonly path: string;
  readonly orgId?: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** 1 for the first try of a request, 2 for its first retry, … */
  readonly attempt: number;
  readonly ms: number;
  /** The attempt failed in a way the client retries (429, 502-504, timeouts, refused or reset connections). */
  readonly retryable: boolean;
}

export interface RetryOptions {
  /** Attempts per request including the first. Default 6. */
  readonly maxAttempts?: number;
  /** Time budget per request, across its retries. Default 60 000 ms. */
  readonly maxTotalMs?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 200 ms. */
  readonly baseDelayMs?: number;
}

export interface ClientOptions {
  /** The instance's base URL, e.g. `https://acme.zitadel.cloud`. */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** Per HTTP attempt. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
  /** Optional cap on requests started per second (ZITADEL Cloud allows about 50/s per IP). */
  readonly maxRequestsPerSecond?: number;
  /** Allow plain http:// to a host that is not loopback (`--insecure-http`). */
  readonly insecureHttp?: boolean;
  readonly retry?: RetryOptions;
  readonly onRequest?: (e: RequestEvent) => void;
  /** What retry waits and token renewal run on. Default: the system clock (tests pass one that skips waits). */
  readonly clock?: Clock;
}

/** A lockout policy as read. `isDefault`: the org has no custom policy and the instance default was returned. */
export interface PolicyRead {
  readonly settings: LockoutSettings;
  readonly isDefault: boolean;
  /** `details.sequence`, a uint64 as a decimal string ("0" when the server omitted it). */
  readonly sequence: string;
  readonly changeDate?: string;
  readonly creationDate?: string;
  readonly resourceOwner?: string;
}

/** The `details` of a write response. */
export interface WriteResult {
  readonly sequence: string;
  readonly changeDate?: string;
  readonly creationDate?: string;
  readonly resourceOwner?: string;
}

export interface OrgSummary {
  readonly id: string;
  readonly name: string;
  /** e.g. `ORGANIZATION_STATE_ACTIVE`. */
  readonly state: string;
  readonly primaryDomain?: string;
}

/** One of the caller's memberships: on the instance, or in an org (org or project roles owned by it). */
export type Membership =
  | { readonly kind: "instance"; readonly roles: readonly string[] }
  | { readonly kind: "org"; readonly orgId: string; readonly roles: readonly string[] };

/** One event of ZITADEL's audit log (POST /admin/v1/events/_search; docs/events.md). */
export interface LogEvent {
  /** e.g. `org.policy.lockout.changed`. */
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly resourceOwner: string;
  /** The aggregate's sequence (decimal string): what a lockout read returns as details.sequence. */
  readonly sequence: string;
  /** RFC 3339 as the server wrote it (microsecond precision on ZITADEL). */
  readonly creationDate: string;
  /** The JSON payload; absent when the event has none. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** The user who caused the event; displayName is "" when the server could not name them. */
  readonly editor: { readonly userId: string; readonly displayName: string };
}

/** One page of the audit log: what to ask for (newest first unless asc; at most 1000 per page). */
export interface EventQuery {
  readonly eventTypes: readonly string[];
  readonly asc: boolean;
  readonly limit: number;
  /** Strict bound on the creation date: after it when ascending, before it when descending. */
  readonly from?: string;
  readonly aggregateId?: string;
}

export interface ZitadelClient extends RecoveryCalls {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly credentialKind: CredentialKind;
  /**
   * How many requests it sends at once. Callers that queue work of their own hand it over no faster, so
   * that work not yet sent can still be called off (apply after a failure or an interrupt).
   */
  readonly concurrency: number;
  /**
   * GET /v2/settings/lockout?ctx.instance=true (the instance default; read-your-writes; needs only policy.read).
   * `inOrg` sends that org's id in x-zitadel-orgid: ZITADEL checks policy.read in that org instead of the
   * caller's own (docs/zitadel-api.md §1), which matters to a caller whose roles are all in other orgs.
   */
  getInstancePolicy(inOrg?: string): Promise<PolicyRead>;
  /**
   * GET /management/v1/policies/lockout with x-zitadel-orgid (read-your-writes; falls back to the instance default).
   */
  getOrgPolicy(orgId: string): Promise<PolicyRead>;
  /** PUT /admin/v1/policies/password/lockout, both fields always. */
  updateInstancePolicy(settings: LockoutSettings): Promise<WriteResult>;
  /** POST /management/v1/policies/lockout (inherit → custom). */
  addOrgPolicy(orgId: string, settings: LockoutSettings): Promise<WriteResult>;
  /** PUT /management/v1/policies/lockout. */
  updateOrgPolicy(orgId: string, settings: LockoutSettings): Promise<WriteResult>;
  /** DELETE /management/v1/policies/lockout (custom → inherit). */
  resetOrgPolicy(orgId: string): Promise<WriteResult>;
  /** Orgs whose name is exactly `name` (nameQuery EQUALS), or the same ignoring case (for "did you mean"). */
  findOrgsByName(name: string, options?: { readonly ignoreCase?: boolean }): Promise<OrgSummary[]>;
  /** The org with this id, or undefined when the caller cannot see it or it does not exist. */
  getOrg(orgId: string): Promise<OrgSummary | undefined>;
  /**
   * Names of orgs known only by id (for reports), as cheaply as possible: one request per id or one list page
   * per 1,000 orgs, whichever is less. Orgs the caller cannot see are left out.
   */
  findOrgNames(orgIds: readonly string[]): Promise<Map<string, string>>;
  /** Every org the caller can see, sorted by id. `onPage` reports progress after each page. */
  listOrgs(onPage?: (seen: number, total: number) => void): Promise<OrgSummary[]>;
  /**
   * The caller's permissions for a call in `orgId` (or, without it, in the caller's own org): those of its
   * instance memberships plus those of its memberships in that org (POST /auth/v1/permissions/zitadel/me/_search).
   */
  listMyPermissions(orgId?: string): Promise<string[]>;
  /** The caller's memberships (POST /auth/v1/memberships/me/_search, every page). */
  listMyMemberships(): Promise<Membership[]>;
  /** One page of POST /admin/v1/events/_search (needs events.read). */
  listEvents(query: EventQuery): Promise<LogEvent[]>;
  /** Every event type the server knows (POST /admin/v1/events/types/_search, events.read). */
  listEventTypes(): Promise<string[]>;
  /** Aborts waiting retries and closes the pooled connections. */
  close(): Promise<void>;
}

/** A member of the instance or an org, as the member searches return it (no user state). */
export interface MemberRow {
  readonly userId: string;
  /** e.g. ["ORG_OWNER"]. */
  readonly roles: readonly string[];
  readonly loginName: string;
  readonly kind: "human" | "machine" | "unknown";
  /** The org the user belongs to (not necessarily the org it is a member of). */
  readonly userOrgId: string;
}

export type UserState = "active" | "inactive" | "deleted" | "locked" | "initial" | "unknown";

/** A user as the v2 user search returns it. */
export interface UserRow {
  readonly userId: string;
  readonly orgId: string;
  readonly userName: string;
  /** The preferred login name, e.g. alice@acme.zitadel.cloud. */
  readonly loginName: string;
  readonly state: UserState;
  /** true: a human user (lockout applies); false: a service (machine) user. */
  readonly human: boolean;
}

/** The user the credentials belong to. */
export interface WhoAmI {
  readonly userId: string;
  readonly orgId: string;
  readonly loginName: string;
}

/** What a user search asks for; every given field must match. */
export interface UserQuery {
  readonly orgId?: string;
  readonly state?: "locked" | "active";
  /** At most 1000 ids per request; the client splits longer lists. */
  readonly userIds?: readonly string[];
  /** Exact login name, compared case-insensitively. */
  readonly loginName?: string;
}
