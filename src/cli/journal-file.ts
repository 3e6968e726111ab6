// The journal as the commands see it: a path (from --journal or `journal:` in the config, relative to the
// working directory; there is no default), read before anything is written, and recorded after a verified
// apply. A journal of another server is refused: comparing sequences across instances means nothing.
import { constants } from "node:fs";
import { access as fsAccess, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import type { ActualState } from "../model.js";
import {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  readJournal,
  sameServer,
  writeJournal,
  type ApplyResult,
} from "../apply/index.js";
import type { Journal, JournalInput } from "../plan/index.js";
import { plural, targetLabel } from "../render/view.js";
import type { Io } from "./io.js";
import { TOOL_VERSION } from "./version.js";
import { describeFileError } from "./file-error.js";

export interface JournalRecorder {
  readonly path: string;
  /** Writes the journal after a verified apply; says on stderr what it recorded. */
  record(result: ApplyResult, live?: ActualState): Promise<void>;
}

/**
 * Reads the journal for drift: none configured, not written yet, or the parsed file. `warn`: also say on
 * stderr that it is missing — for JSON and Markdown reports; the text report says so itself.
 */
export async function loadJournalInput(
  path: string | undefined,
  io: Io,
  server: string,
  warn = true,
  instanceId?: string,
): Promise<JournalInput> {
  if (path === undefined) return { kind: "none" };
  const journal = await readChecked(path, io, server);
  if (journal?.instanceId !== undefined && instanceId !== undefined && journal.instanceId !== instanceId) {
    // Same URL, another instance (rebuilt, or the URL now routes elsewhere): its sequences mean nothing here.
    throw new UsageError(
      `the journal ${path} was written for instance ${journal.instanceId}, but ${server} now serves ` +
        `instance ${instanceId}; its sequences say nothing about this instance. Move the journal away; the ` +
        `next apply writes a new one`,
    );
  }
  if (!journal) {
    if (warn)
      io.stderr(`warning: the journal ${path} does not exist yet; comparing values only. The next apply writes it.\n`);
    return { kind: "missing", path };
  }
  return { kind: "read", path, journal };
}

/** For apply: undefined when no journal is configured. Reads (and checks) the old journal before any write. */
export async function openJournal(
  path: string | undefined,
  io: Io,
  server: string,
): Promise<JournalRecorder | undefined> {
  if (path === undefined) return undefined;
  const previous = await readChecked(path, io, server);
  // Found out now, not after the writes: a journal that cannot be written leaves drift blind.
  await checkJournalWritable(resolve(io.cwd, path), path);
  return {
    path,
    record: async (result, live) => {
      if (!result.ok) {
        io.stderr(`The journal ${path} was not updated: the apply did not complete and verify.\n`);
        return;
      }
      const now = io.clock.date();
      const build = (base: Journal | undefined) =>
        journalAfterApply({ result, previous: base, ...(live ? { live } : {}), now, toolVersion: TOOL_VERSION });
      let journal = build(previous);
      let baseline = previous;
      if (
        previous?.instanceId !== undefined &&
        journal.instanceId !== undefined &&
        previous.instanceId !== journal.instanceId
      ) {
        // Same URL, another instance: nothing in the old journal describes this one.
        io.stderr(
          `The journal ${path} described instance ${previous.instanceId}; ${result.plan.server} now ` +
            `serves instance ${journal.instanceId}, so it starts over.\n`,
        );
        baseline = undefined;
        journal = build(undefined);
      }
      try {
        await writeJournal(resolve(io.cwd, path), journal);
      } catch (err) {
        const why = err instanceof JournalError ? err.message : describeFileError(err);
        throw new UsageError(`the apply succeeded, but the journal ${path} could not be written: ${why}`);
      }
      io.stderr(`Recorded ${plural(journal.entries.length, "target")} in the journal ${path}.\n`);
      for (const c of baseline ? changedSinceJournal(result.plan, baseline) : []) {
        const change = result.plan.changes.find((p) => p.target === c.target);
        const what =
          change?.action === "noop"
            ? "its state now matches the config and is the new baseline"
            : "this apply restored the config";
        io.stderr(
          `  ${targetLabel(c.target, c.orgName)} had changed outside Git since the previous apply ` +
            `(${c.change}); ${what}.\n`,
        );
      }
    },
  };
}

type AccessCheck = (path: string, mode: number) => Promise<void>;

/**
 * Whether the journal can be written where it is to go: the nearest folder that exists (writeJournal
 * creates the missing ones) must be a writable directory. Names the real cause — a read-only file system
 * (EROFS) is not "no such file". `access` is injectable for tests (a read-only mount cannot be staged).
 */
export async function checkJournalWritable(path: string, shown: string, access: AccessCheck = fsAccess): Promise<void> {
  let dir = dirname(path);
  for (;;) {
    try {
      if (!(await stat(dir)).isDirectory())
        throw new UsageError(`the journal ${shown} cannot be written: ${dir} is not a directory; nothing was written`);
      break;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && dirname(dir) !== dir) {
        dir = dirname(dir);
        continue;
      }
      throw new UsageError(
        `the journal ${shown} cannot be written: ${dir}: ${describeFileError(err)}; nothing was written`,
      );
    }
  }
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(
      `the journal ${shown} cannot be written: ${dir}: ${describeFileError(err)}; nothing was written`,
    );
  }
}

/** The journal at `path` (relative to the working directory), checked; undefined when it does not exist yet. */
export async function readJournalFor(path: string, io: Io, server: string): Promise<Journal | undefined> {
  return readChecked(path, io, server);
}

async function readChecked(path: string, io: Io, server: string): Promise<Journal | undefined> {
  let journal: Journal | undefined;
  try {
    journal = await readJournal(resolve(io.cwd, path), path);
  } catch (err) {
    // A journal that cannot be used is bad input (exit 1), reported like any other: by its message.
    if (err instanceof JournalError) throw new UsageError(err.message);
    throw err;
  }
  if (journal && !sameServer(journal.server, server)) {
    throw new UsageError(
      `the journal ${path} was written for ${journal.server}, not ${server}; use a journal per server`,
    );
  }
  return journal;
}
