// The apply command's work, loaded only when `apply` runs (the client's imports cost ~200 ms).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError, type ExitCode } from "../errors.js";
import { hasChanges, pendingChanges, type ActualState, type Plan } from "../model.js";
import { applyPlan, type ApplyResult } from "../apply/index.js";
import { parsePlanDocument } from "../plan/index.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { connect, resolveServer } from "./connect.js";
import { describeFileError } from "./file-error.js";
import { useColor, type Io } from "./io.js";
import { openJournal, type JournalRecorder } from "./journal-file.js";
import { startProgress } from "./progress.js";
import { makePlan } from "./make-plan.js";
import type { ConfigFlags, ConnectionFlags, Format, ReadFlags } from "./options.js";
import { renderApplyAs } from "./render-apply-as.js";
import { renderPlanAs } from "./render-as.js";
import { TOOL_VERSION } from "./version.js";

export interface ApplyFlags extends ConfigFlags, ConnectionFlags, Partial<ReadFlags> {
  readonly autoApprove?: boolean;
  readonly journal?: string;
  readonly format: Format;
}

export async function runApply(planFile: string | undefined, flags: ApplyFlags, io: Io): Promise<ExitCode> {
  if (planFile !== undefined) return applySaved(planFile, flags, io);
  // Decide before touching the server: no terminal and no --auto-approve is a usage error.
  if (!flags.autoApprove && !io.interactive) {
    throw new UsageError("apply needs --auto-approve when there is no terminal to confirm on (or apply a saved plan: apply PLANFILE)");
  }
  const { desired, live, plan, client } = await makePlan(flags, io);
  try {
    // Read (and check) the old journal before anything is written: a bad one stops the run here.
    const journal = await openJournal(flags.journal ?? desired.journal, io, plan.server);
    return await confirmAndApply(plan, client, flags, io, { journal, live: live.actual });
  } finally {
    await client.close();
  }
}

interface Journaling {
  readonly journal: JournalRecorder | undefined;
  readonly live?: ActualState;
}

async function confirmAndApply(plan: Plan, client: ZitadelClient, flags: ApplyFlags, io: Io, journaling: Journaling): Promise<0 | 1> {
  // The plan goes to stderr when stdout carries a machine-readable result.
  const show = flags.format === "text" ? io.stdout : io.stderr;
  show(renderPlanAs(plan, "text", useColor(io, flags.format === "text" ? "stdout" : "stderr")));
  if (hasChanges(plan)) show("\n"); // sets the plan apart from the question and the results that follow
  if (!hasChanges(plan)) {
    const result = await run(plan, client, io);
    if (flags.format !== "text") io.stdout(renderApplyAs(result, flags.format, false));
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
  if (flags.file?.length || flags.cdktf !== undefined || flags.terraform !== undefined)
    throw new UsageError("apply PLANFILE applies the saved plan; it takes no -f, --cdktf or --terraform");
  // `apply lockout.yaml` is a common slip for `apply -f lockout.yaml`: a plan file is JSON, never YAML.
  if (/\.ya?ml$/i.test(planFile)) {
    throw new UsageError(`${planFile} is a config file, not a saved plan: did you mean zitadel-lockout apply -f ${planFile}?`);
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, planFile), "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the plan file ${planFile}: ${describeFileError(err)}`);
  }
  const plan = parsePlanDocument(text, planFile);
  // The plan names its server; a different --url or ZITADEL_URL is a mistake, not an override.
  const requested = flags.url ?? io.env.ZITADEL_URL;
  const server = resolveServer({ ...flags, url: plan.server }, io);
  if (requested !== undefined && resolveServer({ ...flags, url: requested }, io) !== server) {
    throw new UsageError(`the plan was made for ${plan.server}, but ${flags.url ? "--url" : "ZITADEL_URL"} names ${requested}`);
  }
  const journal = await openJournal(flags.journal, io, server);
  const client = await connect(flags, io, server);
  try {
    return finish(await run(plan, client, io), flags, io, { journal });
  } finally {
    await client.close();
  }
}

/** Applies with the first interrupt held: writes in flight finish and are reported; no new one starts. */
async function run(plan: Plan, client: ZitadelClient, io: Io) {
  const stop = new AbortController();
  const release = io.onInterrupt(() => {
    io.stderr("\nInterrupted: no new write will start; the writes in flight finish, then the result is checked and reported. Interrupt again to stop at once.\n");
    stop.abort();
  });
  // A bar on a terminal while the writes run (design.md §6); nothing in pipes or CI logs.
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

async function finish(result: ApplyResult, flags: ApplyFlags, io: Io, journaling: Journaling): Promise<0 | 1> {
  io.stdout(renderApplyAs(result, flags.format, useColor(io, "stdout")));
  // Exit 1 with only JSON or Markdown on stdout would leave a CI log silent about why: say it on stderr too.
  if (!result.ok && flags.format !== "text") io.stderr(renderApplyAs(result, "text", useColor(io, "stderr")));
  await journaling.journal?.record(result, journaling.live);
  return result.ok ? 0 : 1;
}

