// Reads success bodies strictly. ZITADEL omits zero values (a missing key is 0, "" or false, docs/zitadel-api.md §0),
// but a key that is present with the wrong type, or a missing object, means this is not the response we
// asked for (a proxy, a different API version): that is an error, never silently a 0.
import { ID_RULE, looksLikeId, UINT32_MAX, type LockoutSettings } from "../model.js";
import { isLockoutCount } from "../rules.js";
import type { Membership, OrgSummary, PolicyRead, WriteResult } from "./types.js";

/** Reports a shape problem; the caller turns it into an ApiError with the request's context. */
export type Fail = (problem: string) => never;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const UINT64_MAX = 18446744073709551615n;
const CANONICAL_SMALL = /^(?:0|[1-9]\d{0,14})$/;

/** A protojson uint64: a decimal string (canonical) or a JSON number; missing is 0. Returned as a decimal string. */
function uint64(v: unknown, field: string, fail: Fail): string {
  if (v === undefined) return "0";
  // The common case, already canonical and far below 2^64: no BigInt round trip (two per field otherwise).
  if (typeof v === "string" && CANONICAL_SMALL.test(v)) return v;
  if (typeof v === "string" && /^\d{1,20}$/.test(v) && BigInt(v) <= UINT64_MAX) return BigInt(v).toString();
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return String(v);
  return fail(`${field} is ${JSON.stringify(v)}, expected an unsigned integer`);
}

/**
 * The envelope of every search answer, `{details: {totalResult}, result: [...]}`: the rows, unchecked, and
 * totalResult (missing: 0). A total beyond 2^53 cannot be a count of rows and would lose digits: refused.
 */
export function searchResult(body: unknown, fail: Fail): { readonly list: readonly unknown[]; readonly total: number } {
  if (!isObject(body)) return fail("the body is not a JSON object");
  if (body.details !== undefined && !isObject(body.details)) return fail("details is not an object");
  const raw = body.details?.totalResult;
  const total = Number(uint64(raw, "details.totalResult", fail));
  if (!Number.isSafeInteger(total))
    return fail(`details.totalResult is ${JSON.stringify(raw)}, expected an unsigned integer`);
  if (body.result !== undefined && !Array.isArray(body.result)) return fail("result is not a list");
  return { list: (body.result as unknown[] | undefined) ?? [], total };
}

/** A lockout count: uint64 on read, but only uint32 values can be written, so anything larger is not ours. */
function count(v: unknown, field: string, fail: Fail): number {
  const n = Number(uint64(v, field, fail));
  if (!isLockoutCount(n)) return fail(`${field} is ${n}, larger than the write API allows (${UINT32_MAX})`);
  return n;
}

function optionalString(v: unknown, field: string, fail: Fail): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") return fail(`${field} is ${JSON.stringify(v)}, expected a string`);
  return v;
}

function timestamp(v: unknown, field: string, fail: Fail): string | undefined {
  const s = optionalString(v, field, fail);
  if (s !== undefined && Number.isNaN(Date.parse(s))) return fail(`${field} is "${s}", expected an RFC 3339 timestamp`);
  return s;
}

function optionalBool(v: unknown, field: string, fail: Fail): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") return fail(`${field} is ${JSON.stringify(v)}, expected a boolean`);
  return v;
}

/** `details` (zitadel.v1.ObjectDetails / object.v2.Details): sequence, dates, resource owner. */
function details(v: unknown, field: string, fail: Fail): WriteResult {
  if (!isObject(v)) return fail(`no ${field} object`);
  const changeDate = timestamp(v.changeDate, `${field}.changeDate`, fail);
  const creationDate = timestamp(v.creationDate, `${field}.creationDate`, fail);
  // The resource owner is an org or instance id, and is written to journals: it must look like one.
  const resourceOwner = optionalString(v.resourceOwner, `${field}.resourceOwner`, fail);
  if (resourceOwner !== undefined && resourceOwner !== "" && !looksLikeId(resourceOwner)) {
    return fail(`${field}.resourceOwner is not an id (expected ${ID_RULE})`);
  }
  return {
    sequence: uint64(v.sequence, `${field}.sequence`, fail),
    ...(changeDate !== undefined ? { changeDate } : {}),
    ...(creationDate !== undefined ? { creationDate } : {}),
    ...(resourceOwner !== undefined && resourceOwner !== "" ? { resourceOwner } : {}),
  };
}

/** `{policy: LockoutPolicy}` from the management GET of an org's policy (and the admin/management instance GETs). */
export function decodePolicyRead(body: unknown, fail: Fail): PolicyRead {
  if (!isObject(body)) return fail("the body is not a JSON object");
  const { policy } = body;
  if (!isObject(policy)) return fail("no policy object");
  const settings: LockoutSettings = {
    maxPasswordAttempts: count(policy.maxPasswordAttempts, "policy.maxPasswordAttempts", fail),
    maxOtpAttempts: count(policy.maxOtpAttempts, "policy.maxOtpAttempts", fail),
  };
  // policy.isDefault is authoritative; the top-level isDefault of the management response is a
  // deprecated duplicate of it (docs/zitadel-api.md §1, M1), checked only for its type.
  optionalBool(body.isDefault, "isDefault", fail);
  return {
    settings,
    isDefault: optionalBool(policy.isDefault, "policy.isDefault", fail),
    ...details(policy.details, "policy.details", fail),
  };
}

/**
 * `{details, settings: LockoutSettings}` from GET /v2/settings/lockout?ctx.instance=true (docs/zitadel-api.md §1 S1).
 */
export function decodeInstanceSettingsRead(body: unknown, fail: Fail): PolicyRead {
  if (!isObject(body)) return fail("the body is not a JSON object");
  const { settings } = body;
  if (!isObject(settings)) return fail("no settings object");
  // Asked for the instance: settings that belong to an org would be an answer to another question.
  const owner = optionalString(settings.resourceOwnerType, "settings.resourceOwnerType", fail);
  if (owner !== "RESOURCE_OWNER_TYPE_INSTANCE")
    return fail(
      `settings.resourceOwnerType is ${JSON.stringify(owner ?? "unset")}, expected RESOURCE_OWNER_TYPE_INSTANCE`,
    );
  return {
    settings: {
      maxPasswordAttempts: count(settings.maxPasswordAttempts, "settings.maxPasswordAttempts", fail),
      maxOtpAttempts: count(settings.maxOtpAttempts, "settings.maxOtpAttempts", fail),
    },
    isDefault: true,
    ...details(body.details, "details", fail),
  };
}

/** `{details: ObjectDetails}` from the writes. */
export function decodeWriteResult(body: unknown, fail: Fail): WriteResult {
  if (!isObject(body)) return fail("the body is not a JSON object");
  return details(body.details, "details", fail);
}

export interface OrgPage {
  readonly orgs: readonly OrgSummary[];
  /** details.totalResult: all matches, which may exceed what the caller is allowed to see (docs/zitadel-api.md §4). */
  readonly total: number;
}

/** `{details: {totalResult}, result: [Organization]}` from POST /v2/organizations/_search. */
export function decodeOrgPage(body: unknown, fail: Fail): OrgPage {
  const { list, total } = searchResult(body, fail);
  const orgs = list.map((o, i): OrgSummary => {
    const at = `result[${i}]`;
    if (!isObject(o)) return fail(`${at} is not an object`);
    if (typeof o.id !== "string" || o.id === "") return fail(`${at}.id is missing`);
    // Ids go into headers, plan files, exports and journals: one that is not an id is not used.
    if (!looksLikeId(o.id)) return fail(`${at}.id is not an id (expected ${ID_RULE})`);
    const primaryDomain = optionalString(o.primaryDomain, `${at}.primaryDomain`, fail);
    return {
      id: o.id,
      name: optionalString(o.name, `${at}.name`, fail) ?? "",
      // The zero enum value is omitted like any other zero value.
      state: optionalString(o.state, `${at}.state`, fail) ?? "ORGANIZATION_STATE_UNSPECIFIED",
      ...(primaryDomain !== undefined && primaryDomain !== "" ? { primaryDomain } : {}),
    };
  });
  return { orgs, total };
}

function stringList(v: unknown, field: string, fail: Fail): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return fail(`${field} is not a list`);
  return v.map((item, i) => (typeof item === "string" ? item : fail(`${field}[${i}] is not a string`)));
}

/** `{result: ["policy.read", …]}` from POST /auth/v1/permissions/zitadel/me/_search. */
export function decodePermissions(body: unknown, fail: Fail): string[] {
  if (!isObject(body)) return fail("the body is not a JSON object");
  return stringList(body.result, "result", fail);
}

export interface MembershipPage {
  readonly memberships: readonly Membership[];
  readonly total: number;
}

/** `{details: {totalResult}, result: [Membership]}` from POST /auth/v1/memberships/me/_search. */
export function decodeMembershipPage(body: unknown, fail: Fail): MembershipPage {
  const { list, total } = searchResult(body, fail);
  const memberships = list.map((m, i): Membership => {
    const at = `result[${i}]`;
    if (!isObject(m)) return fail(`${at} is not an object`);
    const roles = stringList(m.roles, `${at}.roles`, fail);
    if (optionalBool(m.iam, `${at}.iam`, fail)) return { kind: "instance", roles };
    // Org and project memberships both count for the org that owns them (the resource owner).
    const owner = isObject(m.details)
      ? optionalString(m.details.resourceOwner, `${at}.details.resourceOwner`, fail)
      : undefined;
    const orgId = optionalString(m.orgId, `${at}.orgId`, fail) || owner;
    if (!orgId) return fail(`${at} names neither the instance nor an org`);
    return { kind: "org", orgId, roles };
  });
  return { memberships, total };
}
