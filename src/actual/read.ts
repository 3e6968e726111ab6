// The live state a plan needs — and no more: the instance policy, one GET per managed org, and, only when
// prune is on, the full org list plus every org's policy (there is no API that lists custom policies).
import pLimit from "p-limit";
import { ApiError, ResolveError } from "../errors.js";
import {
  formatOrigin,
  type ActualState,
  type DesiredState,
  type ObservedOrg,
  type ResolvedDesired,
  type ResolvedOrg,
} from "../model.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { readInstancePolicy, toObserved } from "./observe.js";
import { matchProtected, resolveOrg } from "./resolve.js";

export type LiveReader = Pick<
  ZitadelClient,
  "baseUrl" | "getInstancePolicy" | "getOrgPolicy" | "findOrgsByName" | "listOrgs" | "findOrgNames"
>;

export interface ReadProgress {
  (done: number, total: number): void;
}

export interface LiveRead {
  readonly actual: ActualState;
  readonly resolved: ResolvedDesired;
}

// The client has its own concurrency limit; this only keeps millions of promises from being created at once.
const FAN_OUT = 256;

export async function readLive(
  client: LiveReader,
  desired: DesiredState,
  onProgress?: ReadProgress,
): Promise<LiveRead> {
  const limit = pLimit(FAN_OUT);
  // Config problems (unknown names and ids, bad protect entries) are collected and reported together at
  // the end; anything else (the server's errors) stops the read at once.
  const problems: ResolveError[] = [];
  const collect = <T>(promise: Promise<T>): Promise<T | undefined> =>
    promise.catch((err: unknown) => {
      if (!(err instanceof ResolveError)) throw err;
      problems.push(err);
      return undefined;
    });
  // The instance read runs alongside name resolution; only if the caller's own org refuses it does it wait for
  // the orgs this config manages, to be read again in the context of one of them.
  const firstInstanceRead = client.getInstancePolicy();
  firstInstanceRead.catch(() => undefined); // handled below, after resolution
  const found = await Promise.all(desired.orgs.map((o) => limit(() => collect(resolveOrg(client, o)))));
  const orgs = found.filter((o): o is ResolvedOrg => o !== undefined);

  const allOrgs = desired.prune.enabled ? await client.listOrgs() : undefined;
  const managedIds = [...orgs.map((o) => o.orgId), ...(allOrgs ?? []).map((o) => o.id)];
  const instance = toObserved(await readInstancePolicy(client, managedIds, firstInstanceRead), false);
  // Every report names every org: orgs declared by id get theirs from the org list prune read anyway,
  // else as cheaply as the client can (one request per id or one list page per 1,000 orgs).
  const byId = orgs.filter((o) => o.orgName === undefined).map((o) => o.orgId);
  const names = allOrgs ? new Map(allOrgs.map((o) => [o.id, o.name])) : await client.findOrgNames(byId);
  const wanted = new Map<string, string | undefined>();
  for (const org of orgs) wanted.set(org.orgId, org.orgName ?? names.get(org.orgId));
  for (const org of allOrgs ?? []) wanted.set(org.id, org.name);

  let done = 0;
  const origins = new Map(orgs.map((o) => [o.orgId, o]));
  const read = await Promise.all(
    [...wanted].map(([orgId, orgName]) =>
      limit(async (): Promise<ObservedOrg | undefined> => {
        const response = await collect(readOrgPolicy(client, orgId, origins.get(orgId)));
        onProgress?.(++done, wanted.size);
        return response && { orgId, ...(orgName !== undefined ? { orgName } : {}), policy: toObserved(response, true) };
      }),
    ),
  );
  const protect = allOrgs ? matchProtected(desired.prune.protect, allOrgs) : { ids: new Set<string>(), problems: [] };
  problems.push(...protect.problems);
  if (problems.length > 0) throw ResolveError.combine(problems);
  const observed = read.filter((o): o is ObservedOrg => o !== undefined);

  const actual: ActualState = {
    server: client.baseUrl,
    instance,
    orgs: new Map(observed.map((o) => [o.orgId, o])),
    ...(allOrgs ? { allOrgs: allOrgs.map((o) => ({ orgId: o.id, orgName: o.name })) } : {}),
  };
  const resolved: ResolvedDesired = {
    ...(desired.instance ? { instance: desired.instance } : {}),
    orgs: orgs.map((o) => withName(o, wanted.get(o.orgId))),
    prune: {
      enabled: desired.prune.enabled,
      protectedOrgIds: protect.ids,
    },
  };
  return { actual, resolved };
}

const withName = (org: ResolvedOrg, orgName: string | undefined): ResolvedOrg =>
  orgName !== undefined && org.orgName === undefined ? { ...org, orgName } : org;

/**
 * An org id that does not exist is a config problem: say so at its YAML line rather than as a bare 403.
 * An org only prune asked about (from the org list) that is gone by the time its policy is read was removed
 * meanwhile: it has no policy left to reset, so it is left out (undefined) instead of failing the whole read.
 */
async function readOrgPolicy(client: LiveReader, orgId: string, declared: ResolvedOrg | undefined) {
  try {
    return await client.getOrgPolicy(orgId);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.info.id !== "AUTH-Bs7Ds") {
      // Any other answer about a declared org (no permission, no membership) is the server's: keep it, and
      // say which entry of the config it was about.
      if (declared) err.message = `${formatOrigin(declared.origin)}: ${err.message}`;
      throw err;
    }
    if (declared) throw new ResolveError(`organization ${orgId} does not exist on ${client.baseUrl}`, declared.origin);
    return undefined;
  }
}
