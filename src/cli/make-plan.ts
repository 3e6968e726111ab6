// load config → lint → connect → read live state → the one diff. Shared by plan, apply and drift.
import type { DesiredState, Plan } from "../model.js";
import { lintDesired } from "../desired/index.js";
import { readLive, type LiveRead } from "../actual/index.js";
import { computePlan } from "../plan/index.js";
import type { ZitadelClient } from "../zitadel/index.js";
import type { Io } from "./io.js";
import { connect, resolveServer } from "./connect.js";
import { loadConfig } from "./load.js";
import type { ConfigFlags, ConnectionFlags } from "./options.js";
import { startProgress } from "./progress.js";
import { TOOL_VERSION } from "./version.js";

export interface MadePlan {
  readonly desired: DesiredState;
  readonly live: LiveRead;
  readonly plan: Plan;
  readonly client: ZitadelClient;
}

export async function makePlan(flags: ConfigFlags & ConnectionFlags, io: Io): Promise<MadePlan> {
  const desired = await loadConfig(flags, io);
  for (const f of lintDesired(desired)) {
    const where = f.origin ? `${f.origin.file}:${f.origin.line}:${f.origin.column}: ` : "";
    io.stderr(`${where}${f.severity}[${f.rule}]: ${f.message}\n`);
  }
  const client = await connect(flags, io, resolveServer(flags, io, desired.server));
  try {
    const progress = startProgress(io, "Reading organizations");
    const live = await readLive(client, desired, progress.update).finally(progress.stop);
    const plan = computePlan({ desired: live.resolved, actual: live.actual, toolVersion: TOOL_VERSION });
    return { desired, live, plan, client };
  } catch (err) {
    await client.close();
    throw err;
  }
}
