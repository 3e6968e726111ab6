// createClient: the lockout and organization endpoints the tool uses, on top of transport (one attempt),
// retry (p-retry) and auth (tokens). Every response is decoded strictly (decode.ts).
import { AbortError } from "p-retry";
import { systemClock } from "../clock.js";
import { ApiError, UsageError } from "../errors.js";
import { ID_RULE, looksLikeId, UINT32_MAX, type LockoutSettings } from "../model.js";
import { isLockoutCount } from "../rules.js";
import { makeApiError, unexpectedResponse } from "./api-error.js";
import { createTokenSource, type TokenSource } from "./auth.js";
import { parseBaseUrl } from "./base-url.js";
import {
  decodeInstanceSettingsRead,
  decodeMembershipPage,
  decodeOrgPage,
  decodePermissions,
  decodePolicyRead,
  decodeWriteResult,
  type Fail,
} from "./decode.js";
import { decodeEventPage, decodeEventTypes } from "./decode-events.js";
import { endpoint, endpointPath, type EndpointName } from "./endpoints.js";
import { recoveryCalls, type Call } from "./recovery-calls.js";
import { createRedactor, type Redactor } from "./redact.js";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry.js";
import { createTransport } from "./transport.js";
import type { ClientOptions, Membership, OrgSummary, ZitadelClient } from "./types.js";

/** Orgs per search page: the largest limit ZITADEL documents for searches (docs/zitadel-api.md §4). */
const ORG_PAGE_SIZE = 1000;
/** How often a list whose pages overlapped is read again before giving up. */
const ORG_LIST_ATTEMPTS = 3;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 8;

function positive(value: number | undefined, fallback: number, what: string, integer: boolean): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${what} must be a positive ${integer ? "integer" : "number"}, not ${value}`);
  }
  return value;
}

function retryPolicy(options: ClientOptions["retry"]): RetryPolicy {
  const maxAttempts = positive(options?.maxAttempts, DEFAULT_RETRY.maxAttempts, "retry attempts", true);
  const maxTotalMs = positive(options?.maxTotalMs, DEFAULT_RETRY.maxTotalMs, "retry time budget", false);
  // 0 is a legitimate base delay (tests, or a caller that wants immediate retries).
  const baseDelayMs =
    options?.baseDelayMs === 0
      ? 0
      : positive(options?.baseDelayMs, DEFAULT_RETRY.baseDelayMs, "retry base delay", false);
  return { maxAttempts, maxTotalMs, baseDelayMs };
}

/** An org id goes into a header and selects what is changed; an empty one would silently mean "my own org". */
function checkOrgId(orgId: string): string {
  if (!looksLikeId(orgId)) {
    throw new UsageError(`invalid org id ${JSON.stringify(orgId)}: expected ${ID_RULE}`);
  }
  return orgId;
}

/** Whether any string in a decoded JSON value (keys included) holds a known secret. */
function holdsSecret(value: unknown, redactor: Redactor): boolean {
  if (typeof value === "string") return redactor.contains(value);
  if (Array.isArray(value)) return value.some((v) => holdsSecret(v, redactor));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([k, v]) => redactor.contains(k) || holdsSecret(v, redactor));
  }
  return false;
}

/** Both fields, as JSON numbers: a write never leaves a field to the server's zero default. */
function writeBody(settings: LockoutSettings): { maxPasswordAttempts: number; maxOtpAttempts: number } {
  for (const [field, value] of Object.entries(settings)) {
    if (!isLockoutCount(value)) {
      throw new RangeError(`${field} must be an integer from 0 to ${UINT32_MAX}, not ${String(value)}`);
    }
  }
  return { maxPasswordAttempts: settings.maxPasswordAttempts, maxOtpAttempts: settings.maxOtpAttempts };
}

export function createClient(options: ClientOptions): ZitadelClient {
  // Validate everything before the first connection: a refused URL must never see a request.
  const base = parseBaseUrl(options.baseUrl, options.insecureHttp ?? false);
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, "timeout", false);
  const concurrency = positive(options.concurrency, DEFAULT_CONCURRENCY, "concurrency", true);
  const maxRequestsPerSecond =
    options.maxRequestsPerSecond === undefined
      ? undefined
      : positive(options.maxRequestsPerSecond, 0, "request rate", false);
  const retry = retryPolicy(options.retry);
  const clock = options.clock ?? systemClock;
  const redactor = createRedactor();
  const transport = createTransport({
    base,
    timeoutMs,
    concurrency,
    redactor,
    ...(maxRequestsPerSecond !== undefined ? { maxRequestsPerSecond } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  let tokens: TokenSource;
  try {
    tokens = createTokenSource(options.credentials, { base, transport, retry, redactor, clock });
  } catch (err) {
    // An unreadable key fails here; leave no pool behind.
    void transport.close();
    throw err;
  }

  /** One API call with retries and the one-time token renewal on 401; returns the decoder's result. */
  async function call<T>(
    name: EndpointName,
    decode: (body: unknown, fail: Fail) => T,
    orgId?: string,
    payload?: unknown,
    params?: Readonly<Record<string, string>>,
  ): Promise<T> {
    const e = endpoint(name);
    const method = e.method;
    const path = endpointPath(e, params);
    const ctx = { method, path, ...(orgId !== undefined ? { orgId } : {}) };
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const send = (token: string, attempt: number) =>
      transport.send(
        {
          ...ctx,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        },
        attempt,
      );
    // The token fetch retries on its own; AbortError keeps this loop from retrying it a second time.
    const token = () =>
      tokens.get().catch((e: unknown) => {
        throw e instanceof Error ? new AbortError(e) : e;
      });
    let renewed = false;
    const res = await withRetry(
      async (attempt) => {
        const current = await token();
        try {
          return await send(current, attempt);
        } catch (err) {
          if (!(err instanceof ApiError) || err.info.status !== 401 || !tokens.renewable || renewed) throw err;
          // An obtained token can be revoked or expire early (clock skew): renew once, then give up.
          renewed = true;
          tokens.invalidate(current);
          return await send(await token(), attempt);
        }
      },
      retry,
      transport.signal,
      clock,
    ).catch((err: unknown) => {
      // A 401's hint depends on the credential: a PAT must be renewed by hand, an obtained token was renewed already.
      throw err instanceof ApiError && err.info.status === 401
        ? makeApiError({ ...err.info, credentialKind: options.credentials.kind })
        : err;
    });
    const fail: Fail = (problem) => {
      throw unexpectedResponse(ctx, res.status, problem, redactor);
    };
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      return fail(`not JSON (${res.contentType || "no content type"}, ${Buffer.byteLength(res.text)} bytes)`);
    }
    // ZITADEL never sends a credential back. A body that does (a debugging proxy, a hostile server echoing
    // the Authorization header into an org name or a field) is not used at all: its values would reach
    // reports, plan files, exports and journals.
    if (holdsSecret(json, redactor))
      return fail("the response repeats a credential this client sent; it is not ZITADEL's answer and is not used");
    return decode(json, fail);
  }

  async function searchOrgs(
    queries: readonly object[],
    onPage?: (seen: number, total: number) => void,
  ): Promise<OrgSummary[]> {
    // Offset paging over a live table is not a snapshot: an org created meanwhile, or orgs whose names
    // differ only in case (ZITADEL sorts by LOWER(name) and leaves ties unordered), can move across a page
    // boundary, so one org comes twice and another not at all. An org seen twice is the visible sign:
    // list again, a few times, before giving up rather than answering with a list that may miss one.
    for (let attempt = 1; ; attempt++) {
      const { orgs, repeated } = await searchOrgsOnce(queries, onPage);
      if (repeated === 0) return orgs;
      if (attempt === ORG_LIST_ATTEMPTS) {
        const { method, path } = endpoint("searchOrgs");
        throw unexpectedResponse(
          { method, path },
          200,
          `the organization list kept changing while it was read (${repeated} ` +
            `org${repeated === 1 ? "" : "s"} on two pages, ${ORG_LIST_ATTEMPTS} times in a row); run again ` +
            `later`,
          redactor,
        );
      }
    }
  }

  const orgPage = (queries: readonly object[], offset: number) =>
    call("searchOrgs", decodeOrgPage, undefined, {
      query: { offset: String(offset), limit: ORG_PAGE_SIZE, asc: true },
      sortingColumn: "ORGANIZATION_FIELD_NAME_NAME",
      queries,
    });

  async function searchOrgsOnce(queries: readonly object[], onPage?: (seen: number, total: number) => void) {
    const byId = new Map<string, OrgSummary>();
    let repeated = 0;
    // totalResult counts rows before ZITADEL filters them by permission (docs/zitadel-api.md §4), so a page can
    // hold fewer rows than the limit while more pages follow: step by the page size up to totalResult.
    for (let offset = 0; ; offset += ORG_PAGE_SIZE) {
      const page = await orgPage(queries, offset);
      for (const org of page.orgs) {
        if (byId.has(org.id)) repeated++;
        byId.set(org.id, org);
      }
      onPage?.(byId.size, Math.max(page.total, byId.size));
      if (offset + ORG_PAGE_SIZE >= page.total) break;
    }
    return { orgs: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), repeated };
  }

  /**
   * Names for orgs known by id, at the cost of whichever is less: one request per id, or one org-list page
   * per 1,000 orgs. The first page tells how many pages there are; an id it did not hold is then looked up
   * on its own when that is cheaper than reading the rest of the list.
   */
  async function findOrgNames(orgIds: readonly string[]): Promise<Map<string, string>> {
    const wanted = new Set(orgIds.map(checkOrgId));
    const names = new Map<string, string>();
    const byOne = async (ids: Iterable<string>) => {
      await Promise.all(
        [...ids].map(async (id) => {
          const org = (await searchOrgs([{ idQuery: { id } }])).find((o) => o.id === id);
          if (org) names.set(id, org.name);
        }),
      );
    };
    if (wanted.size <= 1) {
      await byOne(wanted);
      return names;
    }
    const first = await orgPage([], 0);
    const take = (orgs: readonly OrgSummary[]) => orgs.forEach((o) => wanted.has(o.id) && names.set(o.id, o.name));
    take(first.orgs);
    const pages = Math.ceil(first.total / ORG_PAGE_SIZE);
    const missing = [...wanted].filter((id) => !names.has(id));
    if (missing.length === 0 || pages <= 1) return names;
    if (pages - 1 <= missing.length) {
      for (let offset = ORG_PAGE_SIZE; offset < first.total; offset += ORG_PAGE_SIZE)
        take((await orgPage([], offset)).orgs);
    }
    // Still missing: the rest of the list cost more than asking for each, or an org moved across a page boundary.
    await byOne([...wanted].filter((id) => !names.has(id)));
    return names;
  }

  return {
    baseUrl: base.href,
    credentialKind: options.credentials.kind,
    concurrency,
    getInstancePolicy: async (inOrg) =>
      call("getInstancePolicy", decodeInstanceSettingsRead, inOrg === undefined ? undefined : checkOrgId(inOrg)),
    getOrgPolicy: async (orgId) => call("getOrgPolicy", decodePolicyRead, checkOrgId(orgId)),
    updateInstancePolicy: async (settings) =>
      call("updateInstancePolicy", decodeWriteResult, undefined, writeBody(settings)),
    addOrgPolicy: async (orgId, settings) =>
      call("addOrgPolicy", decodeWriteResult, checkOrgId(orgId), writeBody(settings)),
    updateOrgPolicy: async (orgId, settings) =>
      call("updateOrgPolicy", decodeWriteResult, checkOrgId(orgId), writeBody(settings)),
    resetOrgPolicy: async (orgId) => call("resetOrgPolicy", decodeWriteResult, checkOrgId(orgId)),
    async findOrgsByName(name, options = {}) {
      if (name.length < 1 || name.length > 200)
        throw new UsageError(`org name must be 1-200 characters: ${JSON.stringify(name)}`);
      const method = options.ignoreCase ? "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" : "TEXT_QUERY_METHOD_EQUALS";
      const found = await searchOrgs([{ nameQuery: { name, method } }]);
      // EQUALS is exact on the server; checking again costs nothing and keeps "exact" true behind any proxy.
      return found.filter((o) => (options.ignoreCase ? o.name.toLowerCase() === name.toLowerCase() : o.name === name));
    },
    async getOrg(orgId) {
      const found = await searchOrgs([{ idQuery: { id: checkOrgId(orgId) } }]);
      return found.find((o) => o.id === orgId);
    },
    listOrgs: (onPage) => searchOrgs([], onPage),
    findOrgNames,
    // No body: the method's HTTP binding has none (everything it needs is in the headers).
    listMyPermissions: async (orgId) =>
      call("listMyPermissions", decodePermissions, orgId === undefined ? undefined : checkOrgId(orgId)),
    async listMyMemberships() {
      const all: Membership[] = [];
      for (let offset = 0; ; offset += ORG_PAGE_SIZE) {
        const page = await call("listMyMemberships", decodeMembershipPage, undefined, {
          query: { offset: String(offset), limit: ORG_PAGE_SIZE },
        });
        all.push(...page.memberships);
        if (offset + ORG_PAGE_SIZE >= page.total || page.memberships.length === 0) return all;
      }
    },
    listEvents: (q) =>
      call("listEvents", decodeEventPage, undefined, {
        asc: q.asc,
        limit: q.limit,
        eventTypes: q.eventTypes,
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.aggregateId !== undefined ? { aggregateId: q.aggregateId } : {}),
      }),
    listEventTypes: () => call("listEventTypes", decodeEventTypes, undefined, {}),
    ...recoveryCalls(call as Call, checkOrgId),
    close: () => transport.close(),
  };
}
