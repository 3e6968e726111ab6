// The drift command's work (loaded only when `drift` runs; `demo` reuses it): the same load → read → diff as
// plan, then the comparison with the journal. Exit 3 on drift, 0 without (README.md#commands).
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  isManager,
  LOCKOUT_TYPES,
  readEventLog,
  readLockedUsers,
  UnpageableLog,
  type LiveRead,
  type StateRead,
} from "../actual/index.js";
import { ApiError, UsageError, type ExitCode } from "../errors.js";
import type { Plan } from "../model.js";
import { computeDrift, type DriftReport, type EventHistory, type JournalInput } from "../plan/index.js";
import type { LockedManagersSection } from "../render/locked.js";
import { renderAs } from "../render/render-as.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { useColor, type Io } from "./io.js";
import { loadJournalInput } from "./journal-file.js";
import { makePlan } from "./make-plan.js";
import type { ConfigFlags, ConnectionFlags, Format, ReadFlags } from "./options.js";

export interface DriftFlags extends ConfigFlags, ConnectionFlags, Partial<ReadFlags> {
  readonly journal?: string;
  readonly format: Format;
}

export async function runDrift(flags: DriftFlags, io: Io): Promise<ExitCode> {
  const { report, lockedManagers } = await checkDrift(flags, io);
  io.stdout(
    renderAs(
      "drift",
      {
        report,
        ...(lockedManagers ? { lockedManagers } : {}),
        configHasJournalKey: flags.cdktf === undefined && flags.terraform === undefined,
      },
      flags.format,
      { color: useColor(io, "stdout") },
    ),
  );
  // Locked managers are reported, never counted as drift: the exit code is about the policies.
  return report.drifted ? 3 : 0;
}

export interface DriftCheck {
  readonly report: DriftReport;
  readonly lockedManagers: LockedManagersSection;
}

/**
 * The locked managers of the declared orgs. Credentials that may not search users or read members make it
 * "not checked" (with the reason) rather than failing the drift check, which is about the policies.
 */
async function lockedManagersOf(client: ZitadelClient, live: LiveRead): Promise<LockedManagersSection> {
  const orgs = new Map<string, string>();
  for (const o of live.resolved.orgs) orgs.set(o.orgId, o.orgName ?? live.actual.orgs.get(o.orgId)?.orgName ?? o.orgId);
  // With prune the config manages every org (the live read then lists them all).
  for (const o of live.actual.allOrgs ?? []) orgs.set(o.orgId, o.orgName);
  if (orgs.size === 0) return { status: "read", users: [], warnings: [] };
  try {
    const read = await readLockedUsers(client, { kind: "orgs", orgs });
    return { status: "read", users: read.users.filter(isManager), warnings: read.warnings };
  } catch (err) {
    if (err instanceof ApiError && (err.info.status === 403 || err.info.status === 404)) {
      return {
        status: "unreadable",
        reason: `${err.info.method} ${err.info.path}: HTTP ${err.info.status} ${err.info.serverMessage}`,
      };
    }
    throw err;
  }
}

/** How many times drift reads again when an apply rewrote the journal while it read the server. */
const JOURNAL_READS = 3;
/**
 * File times come from a coarse clock (a few ms behind on Linux, up to a second or two on some network file
 * systems): a journal written this long before the read began counts as possibly written during it. The
 * cost of a false alarm is one more read.
 */
const MTIME_MARGIN_MS = 2000;

/**
 * Reads the server, plans against the config and compares with the journal (--journal, else `journal:`).
 * The journal must be older than the live read: one written while the server was being read (an apply
 * that finished meanwhile) records sequences newer than what was read, and comparing the two would
 * report that apply's own writes as changes made outside Git. So when the journal file changed after
 * the read began, the check is made again, until the journal stays the same across a whole read.
 */
async function checkDrift(flags: DriftFlags, io: Io): Promise<DriftCheck> {
  const now = io.clock.date();
  let previous: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const readStarted = io.clock.date().getTime();
    const { desired, live, plan, client } = await makePlan(flags, io);
    const path = flags.journal ?? desired.journal;
    let journal: JournalInput;
    let history: EventHistory | undefined;
    try {
      journal = await loadJournalInput(
        path,
        io,
        plan.server,
        flags.format !== "text" && attempt === 1,
        live.actual.instance.resourceOwner,
      );
      history = await historyFor(journal, plan, live, client);
    } catch (err) {
      await client.close();
      throw err;
    }
    const lockedManagers = await lockedManagersOf(client, live).finally(() => client.close());
    const seen = journal.kind === "read" ? JSON.stringify(journal.journal) : journal.kind;
    // Unchanged since the previous attempt, which read it before this attempt's read began: consistent.
    const settled =
      attempt > 1
        ? seen === previous
        : !(path !== undefined && (await modifiedSince(resolve(io.cwd, path), readStarted - MTIME_MARGIN_MS)));
    if (settled)
      return {
        report: computeDrift({ plan, actual: live.actual, journal, now, ...(history ? { history } : {}) }),
        lockedManagers,
      };
    if (attempt === JOURNAL_READS) {
      throw new UsageError(
        `the journal ${path ?? ""} changed during each of ${JOURNAL_READS} drift checks: an apply is ` +
          `writing it. Run drift again when the apply has finished.`,
      );
    }
    io.stderr(
      `The journal ${path ?? ""} was written just before or while the server was read (an apply may have ` +
        `finished meanwhile); reading again, so that both describe the same moment.\n`,
    );
    previous = seen;
  }
}

/** Whether the file was modified at or after `since` (epoch ms); false when it does not exist. */
async function modifiedSince(file: string, since: number): Promise<boolean> {
  try {
    return (await stat(file)).mtimeMs >= since;
  } catch {
    return false;
  }
}

/**
 * The event log's lockout events, to say who changed a target outside Git: from the fold when the state was
 * read from the log, else one query (a page per 1,000 events) starting shortly before the oldest journaled
 * apply — asked only when the journal says something changed. Without events.read: why it cannot tell.
 */
async function historyFor(
  journal: JournalInput,
  plan: Plan,
  live: StateRead,
  client: ZitadelClient,
): Promise<EventHistory | undefined> {
  if (journal.kind !== "read") return undefined;
  const changed = computeDrift({ plan, actual: live.actual, journal, now: new Date(0) }).targets.filter(
    (t) => t.outsideGit.status === "changed",
  );
  if (changed.length === 0) return undefined;
  if (live.fold) return { kind: "events", events: live.fold.lockoutEvents };
  const oldest = Math.min(
    ...changed.map((t) => (t.outsideGit.status === "changed" ? Date.parse(t.outsideGit.recorded.appliedAt) : Infinity)),
  );
  try {
    // Margin for the clocks of this machine and the server.
    const since = new Date(oldest - HISTORY_MARGIN_MS).toISOString();
    return { kind: "events", events: await readEventLog(client, Object.values(LOCKOUT_TYPES), since) };
  } catch (err) {
    if (
      err instanceof ApiError &&
      (err.info.status === 403 || (err.info.status === 404 && err.info.id === "AUTHZ-cdgFk"))
    ) {
      return {
        kind: "unavailable",
        reason: "the credentials may not read the event log (events.read), so who made the change cannot be told",
      };
    }
    if (err instanceof ApiError || err instanceof UnpageableLog)
      return { kind: "unavailable", reason: `the event log could not be read: ${err.message}` };
    throw err;
  }
}

/** How far before the journaled apply the history query starts (clock differences between here and the server). */
const HISTORY_MARGIN_MS = 10 * 60_000;
