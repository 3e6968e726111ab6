// Which way to read the live state (design: `--read auto|events|per-org`), and the events read itself.
// The events read folds the audit log and then runs the very same readLive as a per-org read, with each
// policy read answered from the fold instead of a request: name resolution, prune's org list and every
// error path are shared, so both reads make the same plan by construction. It checks itself against a
// few direct reads and falls back to reading per org — saying why — whenever it cannot vouch for the fold.
import { ApiError, UsageError } from "../errors.js";
import { orgIdOf, orgTarget, type DesiredState, type ObservedPolicy, type TargetId } from "../model.js";
import type { PolicyRead, ZitadelClient } from "../zitadel/index.js";
import { FOLD_EVENT_TYPES, foldEvents, unknownLockoutTypes, type Fold, type FoldedPolicy } from "./event-fold.js";
import { readEventLog, UnpageableLog } from "./event-read.js";
import { observeTarget } from "./observe.js";
import { readLive, type LiveRead, type LiveReader, type ReadProgress } from "./read.js";

export type ReadMode = "auto" | "events" | "per-org";

/** Below this many orgs to read, one request per org costs about what the event log's pages and checks do. */
const AUTO_EVENTS_MIN_ORGS = 20;
/** Orgs the events read also reads directly, to check the fold (the instance is always checked too). */
const SAMPLE_ORGS = 4;

export type StateReader = LiveReader & Pick<ZitadelClient, "listEvents" | "listEventTypes">;

export interface StateRead extends LiveRead {
  readonly mode: "events" | "per-org";
  /** Why this mode ran (for stderr): the flag, the size, the permission, or the fallback's reason. */
  readonly why: string;
  /** Set when an events read was attempted and abandoned: the warning to show. */
  readonly fallback?: string;
  /** The fold behind an events read: its position and lockout events (who changed what). */
  readonly fold?: Fold;
}

/** `--read events` with credentials that may not read events: a clear error (exit 1) naming the permission. */
class EventsNotPermitted extends UsageError {}

export interface ReadStateOptions {
  readonly mode: ReadMode;
  readonly onProgress?: ReadProgress;
}

export async function readState(
  client: StateReader,
  desired: DesiredState,
  options: ReadStateOptions,
): Promise<StateRead> {
  const perOrg = async (why: string, fallback?: string): Promise<StateRead> => ({
    ...(await readLive(client, desired, options.onProgress)),
    mode: "per-org",
    why,
    ...(fallback !== undefined ? { fallback } : {}),
  });
  if (options.mode === "per-org") return perOrg("--read per-org");
  const orgCount = desired.orgs.length;
  if (options.mode === "auto" && !desired.prune.enabled && orgCount < AUTO_EVENTS_MIN_ORGS) {
    return perOrg(
      `${orgCount} org${orgCount === 1 ? "" : "s"} to read; the event log pays off from ` +
        `${AUTO_EVENTS_MIN_ORGS}, or with --read events`,
    );
  }
  const why =
    options.mode === "events"
      ? "--read events"
      : desired.prune.enabled
        ? "prune reads every org"
        : `${orgCount} orgs to read`;
  let attempt: { read: StateRead } | { fallback: string };
  try {
    attempt = await readFromEvents(client, desired, options.onProgress, why);
  } catch (err) {
    if (!isPermissionError(err)) throw err;
    if (options.mode === "events") {
      throw new EventsNotPermitted(
        `--read events needs the permission events.read (IAM_OWNER or IAM_OWNER_VIEWER on the instance), ` +
          `which these credentials lack: ${(err as ApiError).message}`,
      );
    }
    return perOrg("the credentials may not read the event log (no events.read permission)");
  }
  if ("read" in attempt) return attempt.read;
  return perOrg("fell back from the event log", attempt.fallback);
}

const isPermissionError = (err: unknown): boolean =>
  err instanceof ApiError && (err.info.status === 403 || (err.info.status === 404 && err.info.id === "AUTHZ-cdgFk"));

async function readFromEvents(
  client: StateReader,
  desired: DesiredState,
  onProgress: ReadProgress | undefined,
  why: string,
) {
  const unknown = unknownLockoutTypes(await client.listEventTypes());
  if (unknown.length > 0)
    return { fallback: `the server knows lockout event types this version does not fold (${unknown.join(", ")})` };
  let events;
  try {
    events = await readEventLog(client, FOLD_EVENT_TYPES);
  } catch (err) {
    if (err instanceof UnpageableLog) return { fallback: err.message };
    throw err;
  }
  const folded = foldEvents(events);
  if (!folded.ok) return { fallback: folded.reason };
  const fold = folded.fold;
  const live = await readLive(foldedReader(client, fold), desired, onProgress);
  const check = await selfCheck(client, live, fold);
  if (check.mismatch !== undefined) return { fallback: check.mismatch };
  return {
    read: {
      ...live,
      mode: "events" as const,
      why: `${why}; ${events.length} events folded, checked against ${check.reads} direct reads`,
      fold,
    },
  };
}

const asRead = (p: FoldedPolicy, isDefault: boolean, resourceOwner: string): PolicyRead => ({
  settings: p.settings,
  isDefault,
  sequence: p.sequence,
  changeDate: p.changeDate,
  creationDate: p.creationDate,
  resourceOwner,
});

/**
 * The client, with policy reads answered from the fold; an org the fold does not know is read for real (its error is
 * the server's).
 */
function foldedReader(client: StateReader, fold: Fold): LiveReader {
  return {
    baseUrl: client.baseUrl,
    findOrgsByName: (name) => client.findOrgsByName(name),
    listOrgs: (onPage) => client.listOrgs(onPage),
    findOrgNames: (orgIds) => client.findOrgNames(orgIds),
    getInstancePolicy: () => Promise.resolve(asRead(fold.instance, true, fold.instanceId)),
    getOrgPolicy: (orgId) => {
      if (!fold.orgs.has(orgId)) return client.getOrgPolicy(orgId);
      const custom = fold.orgs.get(orgId);
      return Promise.resolve(custom ? asRead(custom, false, orgId) : asRead(fold.instance, true, fold.instanceId));
    },
  };
}

/** Reads the instance and a spread of orgs directly; the first disagreement with the fold, if any. */
async function selfCheck(
  client: StateReader,
  live: LiveRead,
  fold: Fold,
): Promise<{ reads: number; mismatch?: string }> {
  const targets: TargetId[] = [
    "instance",
    ...sample(
      [...live.actual.orgs.values()].map((o) => o.orgId),
      fold,
    ).map(orgTarget),
  ];
  const direct = await Promise.all(targets.map((t) => observeTarget(client, t)));
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    const orgId = orgIdOf(target);
    const folded = orgId === undefined ? live.actual.instance : live.actual.orgs.get(orgId)?.policy;
    if (folded && !agree(folded, direct[i]!)) {
      return {
        reads: targets.length,
        mismatch:
          `the event log and a direct read disagree about ${target}: events say ${show(folded)}, the server ` +
          `says ${show(direct[i]!)}`,
      };
    }
  }
  return { reads: targets.length };
}

/** Up to SAMPLE_ORGS orgs spread over the id order, custom and inheriting ones both, when there are both. */
function sample(orgIds: readonly string[], fold: Fold): string[] {
  const sorted = [...orgIds].sort();
  const custom = sorted.filter((id) => fold.orgs.get(id));
  const inheriting = sorted.filter((id) => !fold.orgs.get(id));
  const spread = (ids: string[], n: number) =>
    ids.length <= n ? ids : Array.from({ length: n }, (_, i) => ids[Math.floor((i * ids.length) / n)]!);
  const half = Math.ceil(SAMPLE_ORGS / 2);
  const fromCustom = spread(custom, Math.max(half, SAMPLE_ORGS - inheriting.length));
  return [...fromCustom, ...spread(inheriting, SAMPLE_ORGS - fromCustom.length)];
}

const agree = (a: ObservedPolicy, b: ObservedPolicy): boolean =>
  a.sequence === b.sequence &&
  a.inherited === b.inherited &&
  a.settings.maxPasswordAttempts === b.settings.maxPasswordAttempts &&
  a.settings.maxOtpAttempts === b.settings.maxOtpAttempts;

const show = (o: ObservedPolicy): string =>
  `${o.inherited ? "inherited " : ""}${o.settings.maxPasswordAttempts}/${o.settings.maxOtpAttempts} at ` +
  `sequence ${o.sequence}`;
