// load config → lint → connect → read live state → the one diff (→ the recovery check). Shared by plan, apply
// and drift.
import type { DesiredState, Plan } from "../model.js";
import { lintDesired } from "../desired/index.js";
import { readState, type StateRead } from "../actual/index.js";
import { computePlan } from "../plan/index.js";
import { checkRecovery, NO_RECOVERY_PATH } from "../apply/index.js";
import type { ZitadelClient } from "../zitadel/index.js";
import type { Io } from "./io.js";
import { connect, resolveServer } from "./connect.js";
import { loadConfig } from "./load.js";
import type { ConfigFlags, ConnectionFlags, ReadFlags } from "./options.js";
import { startProgress } from "./progress.js";
import { TOOL_VERSION } from "./version.js";

export interface MadePlan {
  readonly desired: DesiredState;
  readonly live: StateRead;
  readonly plan: Plan;
  readonly client: ZitadelClient;
}

export interface MakePlanOptions {
  /** plan and apply: add the recovery check (docs/recovery-check.md); drift does not need it. */
  readonly recoveryCheck?: boolean;
}

export async function makePlan(
  flags: ConfigFlags & ConnectionFlags & Partial<ReadFlags>,
  io: Io,
  options: MakePlanOptions = {},
): Promise<MadePlan> {
  const desired = await loadConfig(flags, io);
  for (const f of lintDesired(desired)) {
    const where = f.origin ? `${f.origin.file}:${f.origin.line}:${f.origin.column}: ` : "";
    io.stderr(`${where}${f.severity}[${f.rule}]: ${f.message}\n`);
  }
  const client = await connect(flags, io, resolveServer(flags, io, desired.server));
  try {
    const progress = startProgress(io, "Reading organizations");
    const live = await readState(client, desired, { mode: flags.read ?? "auto", onProgress: progress.update }).finally(
      progress.stop,
    );
    reportReadMode(live, io);
    const computed = computePlan({ desired: live.resolved, actual: live.actual, toolVersion: TOOL_VERSION });
    const checked = options.recoveryCheck
      ? await checkRecovery(
          client,
          computed,
          live.actual.instance.settings,
          desired.lintIgnore.includes(NO_RECOVERY_PATH),
        )
      : computed;

    // An events read records where it read up to: apply's preflight then asks the log only for what came later.
    const plan = live.fold ? { ...checked, readPosition: live.fold.position } : checked;
    return { desired, live, plan, client };
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** On stderr, every run: which read ran and why; a fallback as a warning with its reason. */
export function reportReadMode(live: Pick<StateRead, "mode" | "why" | "fallback">, io: Io): void {
  if (live.fallback !== undefined)
    io.stderr(`warning: not using the event log: ${live.fallback}. Reading each org instead.\n`);
  io.stderr(`Read mode: ${live.mode === "events" ? "event log" : "per org"} (${live.why}).\n`);
}
