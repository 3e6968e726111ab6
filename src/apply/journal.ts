// The journal: after a verified apply, each target's sequence, values and change date, so `drift` can tell a
// change made outside Git from one made by us — even one that was reverted; and a bounded history of the
// applies that changed something, each with its targets' states before and after, for `rollback`
// (docs/rollback.md).
// A versioned JSON file, written atomically (a crash never leaves half a journal), holding no credentials.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import {
  orgIdOf,
  type ActualState,
  type ObservedPolicy,
  type Plan,
  type PlannedChange,
  type TargetId,
} from "../model.js";
import {
  appendHistory,
  compareOrgIds,
  compareWithJournal,
  JOURNAL_KIND,
  lazySchemaCheck,
  readDocument,
  stateOf,
  type DocumentSpec,
  type HistoryRecord,
  type Journal,
  type JournalEntry,
  type OutOfBandChange,
  type TargetState,
} from "../plan/index.js";
import { FileReadError, readBounded } from "../desired/index.js";
import type { ApplyResult } from "./apply.js";

/** A journal file that exists but cannot be used (broken JSON, unknown format, damaged content). */
export class JournalError extends Error {
  override readonly name = "JournalError";
}

export interface JournalAfterApplyInput {
  readonly result: ApplyResult;
  /** The journal before this apply: entries whose state did not change keep their `appliedAt`. */
  readonly previous: Journal | undefined;
  /** The live read the plan was made from, when there was one (it has change dates; a saved plan has none). */
  readonly live?: ActualState;
  readonly now: Date;
  readonly toolVersion: string;
}

/**
 * The journal after a verified apply: one entry per target of the plan. Changed targets take what apply's
 * verification read; unchanged ones what the plan was made from (so a change made between plan and apply
 * still shows up as "outside Git" at the next drift check). A rollback's plan covers only the targets it
 * returns, so the entries of every other target are kept as they were. An apply that changed something
 * adds a record to the history (docs/rollback.md), which `rollback` undoes.
 */
export function journalAfterApply({ result, previous, live, now, toolVersion }: JournalAfterApplyInput): Journal {
  const at = now.toISOString();
  const before = new Map(previous?.entries.map((e) => [e.target, e]));
  // An inheriting org reads the instance row: if this apply changed the instance, record its new sequence.
  const instanceNow = result.observed.get("instance") ?? live?.instance;
  const afterState = (change: PlannedChange): TargetState => {
    const observed = result.observed.get(change.target) ?? liveRead(live, change.target);
    const state = observed ? stateOf(observed) : planState(change);
    return state.settings === null && instanceNow ? { settings: null, sequence: instanceNow.sequence } : state;
  };
  const planned = result.plan.changes.map((change): JournalEntry => {
    const state = afterState(change);
    const old = before.get(change.target);
    const unchanged =
      old !== undefined && old.sequence === state.sequence && (old.settings === null) === (state.settings === null);
    return {
      target: change.target,
      ...(change.orgName !== undefined ? { orgName: change.orgName } : {}),
      settings: state.settings,
      sequence: state.sequence,
      // For an inheriting org the row read is the instance's: its change date is not the org's.
      ...(state.changeDate !== undefined && state.settings !== null ? { changeDate: state.changeDate } : {}),
      appliedAt: unchanged ? old.appliedAt : at,
    };
  });
  const entries = result.plan.rollback ? mergeEntries(previous?.entries ?? [], planned) : planned;
  const changed = result.plan.changes.filter((c) => c.action !== "noop");
  const history = previous?.history ?? [];
  const record: HistoryRecord | undefined =
    changed.length === 0
      ? undefined
      : {
          appliedAt: at,
          kind: result.plan.rollback ? "rollback" : "apply",
          toolVersion,
          summary: result.plan.summary,
          targets: changed.map((c) => {
            const after = afterState(c);
            return {
              target: c.target,
              ...(c.orgName !== undefined ? { orgName: c.orgName } : {}),
              // What preflight confirmed right before the write: the plan's before values under its sequence.
              before: { settings: c.before, sequence: c.expectedSequence },
              after: { settings: after.settings, sequence: after.sequence },
            };
          }),
        };
  // Unknown when nothing read the instance row (a saved plan's apply that left the instance alone): then
  // omitted rather than carried over from the previous journal, which may describe another instance.
  const instanceId = result.observed.get("instance")?.resourceOwner ?? live?.instance.resourceOwner;
  return {
    kind: JOURNAL_KIND,
    formatVersion: JOURNAL_FORMAT_VERSION,
    toolVersion,
    server: result.plan.server,
    ...(instanceId !== undefined ? { instanceId } : {}),
    writtenAt: at,
    entries,
    history: record ? appendHistory(history, record) : history,
  };
}

/** The journal format this version writes; it also reads version 1 (the first release's, without history). */
const JOURNAL_FORMAT_VERSION = 2;

/** `previous` with `updates` laid over it, sorted like a plan (instance first, then orgs by id). */
function mergeEntries(previous: readonly JournalEntry[], updates: readonly JournalEntry[]): JournalEntry[] {
  const byTarget = new Map(previous.map((e) => [e.target, e]));
  for (const e of updates) byTarget.set(e.target, e);
  return [...byTarget.values()].sort((a, b) =>
    a.target === b.target
      ? 0
      : a.target === "instance"
        ? -1
        : b.target === "instance"
          ? 1
          : compareOrgIds(a.target.slice(4), b.target.slice(4)),
  );
}

function liveRead(live: ActualState | undefined, target: TargetId): ObservedPolicy | undefined {
  const orgId = orgIdOf(target);
  return orgId === undefined ? live?.instance : live?.orgs.get(orgId)?.policy;
}

/** What the plan saw (values or "inherits", and the sequence), without a change date. */
const planState = (change: PlannedChange): TargetState => ({
  settings: change.before,
  sequence: change.expectedSequence,
});

export interface AcknowledgedChange {
  readonly target: TargetId;
  readonly orgName?: string;
  readonly change: OutOfBandChange;
}

/**
 * Targets whose state at plan time had moved since the previous journal: changes made outside Git that this
 * apply reverted or, for targets it left alone, now records as the new baseline. Apply says so on stderr.
 */
export function changedSinceJournal(plan: Plan, previous: Journal): readonly AcknowledgedChange[] {
  const entries = new Map(previous.entries.map((e) => [e.target, e]));
  const found: AcknowledgedChange[] = [];
  for (const change of plan.changes) {
    const verdict = compareWithJournal(entries.get(change.target), planState(change));
    if (verdict.status === "changed")
      found.push({
        target: change.target,
        ...(change.orgName !== undefined ? { orgName: change.orgName } : {}),
        change: verdict.change,
      });
  }
  return found;
}

/**
 * Journals: this build writes version 2 and reads past fields a newer 2.x build added; version 1 is closed,
 * as only the first release wrote it, so a field it does not list (a history) is damage.
 */
const JOURNAL_FILE: DocumentSpec = {
  kind: JOURNAL_KIND,
  name: "journal",
  fileName: "journal file",
  formatName: "journal",
  versions: new Map([
    [1, lazySchemaCheck("journal-v1.schema.json")],
    [JOURNAL_FORMAT_VERSION, lazySchemaCheck("journal.schema.json", { dropUnknownFields: true })],
  ]),
};

/** Parses and checks a journal. `source` names the file in errors. Unknown fields are left out. */
export function parseJournal(text: string, source: string): Journal {
  const read = readDocument(text, JOURNAL_FILE);
  if ("problem" in read) throw new JournalError(`${source}: ${read.problem}`);
  return read.json as Journal;
}

/** A journal holds a few hundred bytes per target: this is room for far more orgs than an instance has. */
export const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

/** Reads a journal; undefined when the file does not exist yet (no apply has written it). */
export async function readJournal(path: string, source = path): Promise<Journal | undefined> {
  let bytes: Uint8Array;
  try {
    // A FIFO or a device is refused, not read: it could hang the run (see desired/bounded-read.ts).
    bytes = await readBounded(path, {
      maxBytes: MAX_JOURNAL_BYTES,
      sizeHint: "a journal holds a few hundred bytes per target",
    });
  } catch (err) {
    if (err instanceof FileReadError && err.code === "ENOENT") return undefined;
    throw new JournalError(`cannot read the journal ${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseJournal(Buffer.from(bytes).toString("utf8"), source);
}

const renderJournal = (journal: Journal): string => JSON.stringify(journal, null, 2) + "\n";

/** Writes atomically (temp file + rename), creating the folder (e.g. `.zitadel-lockout/`) if needed. */
export async function writeJournal(path: string, journal: Journal): Promise<void> {
  const text = renderJournal(journal);
  // A journal this tool writes must be one it reads back: values from the server (an instance id, an org
  // name) that would make it unreadable are refused here, before anything is written.
  try {
    parseJournal(text, path);
  } catch (err) {
    throw new JournalError(
      `the journal was not written: it would not be readable (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  // Loaded when a journal is written, not with apply/: runs without --journal never pay for it.
  const { default: writeFileAtomic } = await import("write-file-atomic");
  await writeFileAtomic(path, text, { mode: 0o644 });
}
