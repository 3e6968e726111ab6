// The apply command's work, loaded only when `apply` runs (the client's imports cost ~200 ms).
import { resolve } from "node:path";
import { PlanFileError, StalePlanError, UsageError, type ExitCode } from "../errors.js";
import {
  hasChanges,
  pendingChanges,
  printable,
  type ActualState,
  type DesiredState,
  type LockoutSettings,
  type Plan,
} from "../model.js";
import { FileReadError, lintDesired, readBounded } from "../desired/index.js";
import { applyPlan, refusedFindings, type ApplyResult } from "../apply/index.js";
import { orgIdsOf, readInstancePolicy } from "../actual/index.js";
import { desiredFromPlanAfter, needsInheritedValues, parsePlanDocument, planConfigDifferences } from "../plan/index.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { connect, resolveServer } from "./connect.js";
import { describeFileError } from "./file-error.js";
import { useColor, type Io } from "./io.js";
import { openJournal, type JournalRecorder } from "./journal-file.js";
import { startProgress } from "./progress.js";
import { loadConfig } from "./load.js";
import { makePlan } from "./make-plan.js";
import type { ConfigFlags, ConnectionFlags, Format, ReadFlags } from "./options.js";
import { renderAs } from "../render/render-as.js";
import { TOOL_VERSION } from "./version.js";

export interface ApplyFlags extends ConfigFlags, ConnectionFlags, Partial<ReadFlags> {
  readonly autoApprove?: boolean;
  readonly journal?: string;
  readonly format: Format;
  /** Apply even when the recovery check found a scope without a way back in. */
  readonly acceptLockoutRisk?: boolean;
}

export async function runApply(planFile: string | undefined, flags: ApplyFlags, io: Io): Promise<ExitCode> {
  if (planFile !== undefined) return applySaved(planFile, flags, io);
  // Decide before touching the server: no terminal and no --auto-approve is a usage error.
  if (!flags.autoApprove && !io.interactive) {
    throw new UsageError(
      "apply needs --auto-approve when there is no terminal to confirm on (or apply a saved plan: apply PLANFILE)",
    );
  }
  const { desired, live, plan, client } = await makePlan(flags, io, { recoveryCheck: true });
  try {
    // Read (and check) the old journal before anything is written: a bad one stops the run here.
    const journal = await openJournal(flags.journal ?? desired.journal, io, plan.server);
    return await confirmAndApply(plan, client, flags, io, { journal, live: live.actual });
  } finally {
    await client.close();
  }
}

export interface Journaling {
  readonly journal: JournalRecorder | undefined;
  readonly live?: ActualState;
}

/** Shows the plan, asks (unless --auto-approve), applies and reports: shared by apply and rollback. */
export async function confirmAndApply(
  plan: Plan,
  client: ZitadelClient,
  flags: Omit<ApplyFlags, keyof ConfigFlags | keyof ConnectionFlags>,
  io: Io,
  journaling: Journaling,
): Promise<0 | 1> {
  // The plan goes to stderr when stdout carries a machine-readable result.
  const show = flags.format === "text" ? io.stdout : io.stderr;
  show(renderAs("plan", plan, "text", { color: useColor(io, flags.format === "text" ? "stdout" : "stderr") }));
  if (hasChanges(plan)) show("\n"); // sets the plan apart from the question and the results that follow
  if (refuseUnsafe(plan, flags, io)) return 1;
  if (!hasChanges(plan)) {
    const result = await run(plan, client, io);
    if (flags.format !== "text") io.stdout(renderAs("apply", result, flags.format, { color: false }));
    await journaling.journal?.record(result, journaling.live);
    return 0;
  }
  if (!flags.autoApprove) {
    const yes = await io.confirm(`Apply these changes to ${plan.server}?`);
    if (!yes) {
      io.stderr("Apply cancelled; nothing was written.\n");
      return 1;
    }
  }
  return finish(await run(plan, client, io), flags, io, journaling);
}

async function applySaved(planFile: string, flags: ApplyFlags, io: Io): Promise<0 | 1> {
  // `apply lockout.yaml` is a common slip for `apply -f lockout.yaml`: a plan file is JSON, never YAML.
  if (/\.ya?ml$/i.test(planFile)) {
    throw new UsageError(
      `${planFile} is a config file, not a saved plan: did you mean zitadel-lockout apply -f ${planFile}?`,
    );
  }
  const plan = await readPlanFile(planFile, io);
  // With -f/--cdktf, the config the plan must come from (the example workflow passes the merged config).
  const desired =
    flags.file?.length || flags.cdktf !== undefined || flags.terraform !== undefined
      ? await loadConfig(flags, io)
      : undefined;
  const server = await confirmServer(plan, flags, io, desired?.server);
  for (const f of lintDesired(desiredFromPlanAfter(plan, planFile, desired?.lintIgnore ?? []))) {
    io.stderr(`${planFile}: ${f.severity}[${f.rule}]: ${f.message} (in the plan's values)\n`);
  }
  // The findings the plan was saved with: refused before anything is read or written.
  if (refuseUnsafe(plan, flags, io)) return 1;
  const journal = await openJournal(flags.journal ?? desired?.journal, io, server);
  const client = await connect(flags, io, server);
  try {
    if (desired) await checkAgainstConfig(plan, planFile, desired, client);
    return finish(await run(plan, client, io), flags, io, { journal });
  } finally {
    await client.close();
  }
}

/** Plan files hold a few hundred bytes per target: room for far more orgs than an instance has. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

async function readPlanFile(planFile: string, io: Io): Promise<Plan> {
  let text: string;
  try {
    // Never a FIFO or a device (either could hang the run), never more than the cap.
    const bytes = await readBounded(resolve(io.cwd, planFile), {
      maxBytes: MAX_PLAN_BYTES,
      sizeHint: "a plan holds a few hundred bytes per target",
    });
    text = Buffer.from(bytes).toString("utf8");
  } catch (err) {
    throw new UsageError(
      `cannot read the plan file ${planFile}: ${err instanceof FileReadError ? err.message : describeFileError(err)}`,
    );
  }
  return parsePlanDocument(text, planFile);
}

/**
 * A plan file names its server, but a file alone must not decide where credentials go (a crafted plan
 * would collect them): --url, ZITADEL_URL or the config's server: must name the same server, or the user
 * says yes on a terminal. A different one is a mistake, not an override.
 */
async function confirmServer(plan: Plan, flags: ApplyFlags, io: Io, configured: string | undefined): Promise<string> {
  const server = resolveServer({ ...flags, url: plan.server }, io);
  const requested = flags.url ?? io.env.ZITADEL_URL ?? configured;
  if (requested !== undefined) {
    const source =
      flags.url !== undefined ? "--url" : io.env.ZITADEL_URL !== undefined ? "ZITADEL_URL" : "server: in the config";
    if (resolveServer({ ...flags, url: requested }, io) !== server) {
      throw new UsageError(
        `the plan was made for ${printable(plan.server)}, but ${source} names ${printable(requested)}`,
      );
    }
    return server;
  }
  const how = "pass --url with that server, set ZITADEL_URL, or give the config (-f) whose server: it is";
  if (!io.interactive) {
    throw new UsageError(
      `the plan file names the server ${printable(server)}, and nothing confirms it: ${how}. A plan file ` +
        `alone does not decide where credentials are sent`,
    );
  }
  if (
    !(await io.confirm(
      `The plan file names the server ${printable(server)}. Send your credentials there and apply it?`,
    ))
  ) {
    throw new UsageError(`not confirmed; nothing was sent to ${printable(server)}`);
  }
  return server;
}

/** `apply PLANFILE -f …`: the plan must be what the config produces against the plan's own `before` state. */
async function checkAgainstConfig(
  plan: Plan,
  planFile: string,
  desired: DesiredState,
  client: ZitadelClient,
): Promise<void> {
  let inherited: LockoutSettings | undefined;
  if (needsInheritedValues(plan)) {
    // Creates fill omitted fields from what the org inherited: the instance values at the plan's sequence.
    const instance = await readInstancePolicy(client, orgIdsOf(plan.changes.map((c) => c.target)));
    const stale = plan.changes.filter((c) => c.action === "create" && c.expectedSequence !== instance.sequence);
    if (stale.length > 0) {
      throw new StalePlanError(
        stale.map((c) => ({
          target: c.target,
          expected: { sequence: c.expectedSequence, inherited: true },
          found: { sequence: instance.sequence, inherited: true },
        })),
      );
    }
    inherited = instance.settings;
  }
  const problems = planConfigDifferences({ plan, desired, ...(inherited ? { inherited } : {}) });
  if (problems.length > 0) {
    const files = desired.sources.join(", ");
    throw new PlanFileError(
      `the plan file ${planFile} is not what ${files} produces against the plan's own before state; ` +
        `nothing was written:\n  ${problems.join("\n  ")}`,
    );
  }
}

/**
 * The recovery check's verdict (docs/recovery-check.md): true when apply must stop before any write, having
 * said why on stderr. With --accept-lockout-risk the findings are only repeated as a warning.
 */
function refuseUnsafe(plan: Plan, flags: Pick<ApplyFlags, "acceptLockoutRisk">, io: Io): boolean {
  const findings = plan.safety ?? [];
  if (findings.length === 0) return false;
  const list = findings
    .map((f) => `  ${f.target}${f.orgName !== undefined ? ` (${printable(f.orgName)})` : ""}: ${f.message}\n`)
    .join("");
  if (refusedFindings(plan, flags.acceptLockoutRisk ?? false).length === 0) {
    io.stderr(
      `warning: applying with --accept-lockout-risk although ` +
        `${findings.length === 1 ? "a target has" : `${findings.length} targets have`} no recovery path:\n` +
        `${list}`,
    );
    return false;
  }
  io.stderr(
    `error: apply refuses this plan before any write: ` +
      `${findings.length === 1 ? "a change leaves its scope" : `${findings.length} changes leave their scopes`} ` +
      `with no way back in [no-recovery-path]:\n${list}` +
      "Give the scope a way back in (docs/recovery-check.md), or apply with --accept-lockout-risk, or " +
      "waive the rule with lint.ignore: [no-recovery-path]. Nothing was written.\n",
  );
  return true;
}

/** Applies with the first interrupt held: writes in flight finish and are reported; no new one starts. */
async function run(plan: Plan, client: ZitadelClient, io: Io) {
  const stop = new AbortController();
  const release = io.onInterrupt(() => {
    io.stderr(
      "\nInterrupted: no new write will start; the writes in flight finish, then the result is checked " +
        "and reported. Interrupt again to stop at once.\n",
    );
    stop.abort();
  });
  // A bar on a terminal while the writes run (docs/gitops.md); nothing in pipes or CI logs.
  const progress = startProgress(io, "Applying changes");
  const total = pendingChanges(plan).length;
  let done = 0;
  try {
    const onResult = () => progress.update(++done, total);
    return await applyPlan({ client, plan, toolVersion: TOOL_VERSION, stop: stop.signal, onResult, clock: io.clock });
  } finally {
    progress.stop();
    release();
  }
}

async function finish(
  result: ApplyResult,
  flags: Pick<ApplyFlags, "format">,
  io: Io,
  journaling: Journaling,
): Promise<0 | 1> {
  io.stdout(renderAs("apply", result, flags.format, { color: useColor(io, "stdout") }));
  // Exit 1 with only JSON or Markdown on stdout would leave a CI log silent about why: say it on stderr too.
  if (!result.ok && flags.format !== "text")
    io.stderr(renderAs("apply", result, "text", { color: useColor(io, "stderr") }));
  await journaling.journal?.record(result, journaling.live);
  return result.ok ? 0 : 1;
}
