// The rollback command's work (docs/rollback.md): the journal's last verified apply, undone through the same
// plan → preflight → one write per change → verify path as every apply, and journaled like one.
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError, type ExitCode } from "../errors.js";
import { orgIdOf, type ActualState, type DesiredState, type ObservedOrg } from "../model.js";
import { observeTarget } from "../actual/index.js";
import { checkRecovery, NO_RECOVERY_PATH } from "../apply/index.js";
import { planRollback, type HistoryRecord, type Journal } from "../plan/index.js";
import { renderPlanJson } from "../render/plan-json.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { connect, resolveServer } from "./connect.js";
import { describeFileError } from "./file-error.js";
import { useColor, type Io } from "./io.js";
import { openJournal, readJournalFor } from "./journal-file.js";
import { configFiles, loadConfig } from "./load.js";
import type { ConfigFlags, ConnectionFlags, Format } from "./options.js";
import { renderAs } from "../render/render-as.js";
import { confirmAndApply } from "./run-apply.js";
import { TOOL_VERSION } from "./version.js";

export interface RollbackFlags extends ConfigFlags, ConnectionFlags {
  readonly journal?: string;
  readonly out?: string;
  readonly autoApprove?: boolean;
  readonly format: Format;
  readonly acceptLockoutRisk?: boolean;
}

export async function runRollback(flags: RollbackFlags, io: Io): Promise<ExitCode> {
  if (flags.out === undefined && !flags.autoApprove && !io.interactive) {
    throw new UsageError(
      "rollback needs --auto-approve when there is no terminal to confirm on (or save the plan with --out " +
        "PLANFILE and apply it)",
    );
  }
  const desired = await optionalConfig(flags, io);
  const path = flags.journal ?? desired?.journal;
  if (path === undefined)
    throw new UsageError(
      "rollback needs the journal the applies wrote: pass --journal FILE or write journal: in the config",
    );
  const server = resolveServer(flags, io, desired?.server);
  const journal = await readJournalFor(path, io, server);
  if (!journal)
    throw new UsageError(
      `the journal ${path} does not exist: no apply has been recorded, so there is nothing to roll back`,
    );
  const record = lastApply(journal, path);
  const client = await connect(flags, io, server);
  try {
    const actual = await readRecordTargets(client, record);
    if (
      journal.instanceId !== undefined &&
      actual.instance.resourceOwner !== undefined &&
      journal.instanceId !== actual.instance.resourceOwner
    ) {
      throw new UsageError(
        `the journal ${path} was written for instance ${journal.instanceId}, but ${server} now serves ` +
          `instance ${actual.instance.resourceOwner}; its history says nothing about this instance`,
      );
    }
    const waived = desired?.lintIgnore.includes(NO_RECOVERY_PATH) ?? false;
    const plan = await checkRecovery(
      client,
      planRollback({ record, actual, toolVersion: TOOL_VERSION }),
      actual.instance.settings,
      waived,
    );
    if (flags.out !== undefined) {
      await savePlan(flags.out, renderPlanJson(plan), io);
      io.stdout(renderAs("plan", plan, flags.format, { color: useColor(io, "stdout") }));
      io.stderr(
        `Saved the rollback plan to ${flags.out}; apply it with: zitadel-lockout apply ${flags.out} ` +
          `--journal ${path}\n`,
      );
      return 0;
    }
    // Read (and check) the journal again as apply does, right before writing: the recorder appends to it.
    const recorder = await openJournal(path, io, server);
    return await confirmAndApply(plan, client, flags, io, { journal: recorder, live: actual });
  } finally {
    await client.close();
  }
}

/** -f files when given; else lockout.yaml when it exists (for journal:, server:); else none. */
async function optionalConfig(flags: RollbackFlags, io: Io): Promise<DesiredState | undefined> {
  if (!flags.file?.length) {
    const exists = await access(resolve(io.cwd, configFiles(flags)[0]!)).then(
      () => true,
      () => false,
    );
    if (!exists) return undefined;
  }
  return loadConfig(flags, io);
}

function lastApply(journal: Journal, path: string): HistoryRecord {
  const record = journal.history?.at(-1);
  if (record) return record;
  if (journal.formatVersion === 1) {
    throw new UsageError(
      `the journal ${path} was written by zitadel-lockout ${journal.toolVersion}, which kept no history ` +
        `of applies: it records each target's state after the last apply, not before. The next apply by this ` +
        `version starts the history; rollback can undo applies from then on`,
    );
  }
  throw new UsageError(`the journal ${path} records no apply that changed anything: there is nothing to roll back`);
}

/** The instance (always: every org is judged against it) and every org of the record, in parallel. */
async function readRecordTargets(client: ZitadelClient, record: HistoryRecord): Promise<ActualState> {
  const orgTargets = record.targets.filter((t) => t.target !== "instance");
  const [instance, orgs] = await Promise.all([
    observeTarget(
      client,
      "instance",
      orgTargets.map((t) => orgIdOf(t.target)!),
    ),
    Promise.all(
      orgTargets.map(async (t): Promise<ObservedOrg> => {
        const orgId = orgIdOf(t.target)!;
        return {
          orgId,
          ...(t.orgName !== undefined ? { orgName: t.orgName } : {}),
          policy: await observeTarget(client, t.target),
        };
      }),
    ),
  ]);
  return { server: client.baseUrl, instance, orgs: new Map(orgs.map((o) => [o.orgId, o])) };
}

async function savePlan(out: string, text: string, io: Io): Promise<void> {
  // Atomic, like plan --out: a crash never leaves a half-written plan that apply could misread.
  const { default: writeFileAtomic } = await import("write-file-atomic");
  try {
    await writeFileAtomic(resolve(io.cwd, out), text, { mode: 0o644 });
  } catch (err) {
    throw new UsageError(`cannot write the plan file ${out}: ${describeFileError(err)}`);
  }
}
