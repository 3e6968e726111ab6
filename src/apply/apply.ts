// apply (docs/guarantees.md): preflight without writes → one write per change → verify with the same diff.
// Guarantees: a target already as desired gets no write; a stale plan writes nothing; after a partial
// failure every target says whether it was applied, converged, failed or not attempted.
import pLimit from "p-limit";
import { systemClock, type Clock } from "../clock.js";
import { UnpageableLog } from "../actual/index.js";
import { ApiError, PlanFileError } from "../errors.js";
import { sameServer } from "../rules.js";
import { pendingChanges, type ObservedPolicy, type PendingChange, type Plan, type TargetId } from "../model.js";
import { executeChange, type Outcome, type WriteClient } from "./execute.js";
import { eventsSince, vouchedByEvents, type EventSource } from "./events-since.js";
import { checkPermissions, type PermissionClient } from "./permissions.js";
import { preflight } from "./preflight.js";
import { verify, type Unverified, type Vouched } from "./verify.js";

export interface TargetResult {
  readonly change: PendingChange;
  readonly outcome: Outcome;
}

export interface ApplyResult {
  readonly plan: Plan;
  readonly results: readonly TargetResult[];
  /** The re-read after the writes; a converged apply re-plans to only noops. */
  readonly verification: Plan | undefined;
  /** What each changed target holds after apply (sequence, values, change date), for the journal. */
  readonly observed: ReadonlyMap<TargetId, ObservedPolicy>;
  /** Changed targets whose re-read after the writes failed: their state is unknown (never "ok"). */
  readonly unverified: readonly Unverified[];
  /** The zitadel-lockout version that applied (a saved plan may come from another). */
  readonly toolVersion: string;
  readonly ok: boolean;
}

export interface ApplyOptions {
  /** listEvents: with a plan read from the event log, preflight and verification ask the log what moved. */
  readonly client: WriteClient &
    PermissionClient &
    Partial<EventSource> & { readonly baseUrl: string; readonly concurrency?: number };
  readonly plan: Plan;
  readonly toolVersion: string;
  /** Called as each write finishes (progress, logs). */
  readonly onResult?: (r: TargetResult) => void;
  /**
   * Aborted (Ctrl-C): no new write starts; writes in flight finish, and the run verifies and reports as
   * after a failure. Stopping mid-request instead would leave writes whose effect nobody knows.
   */
  readonly stop?: AbortSignal;
  /** The pauses between verification re-reads wait on it. Default: the system clock. */
  readonly clock?: Clock;
}

/** For clients that do not say how many requests they send at once. */
const DEFAULT_WRITE_CONCURRENCY = 8;

export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { client, plan, toolVersion, onResult, stop, clock = systemClock } = options;
  if (!sameServer(plan.server, client.baseUrl)) {
    throw new PlanFileError(
      `the plan was made for ${plan.server}, not ${client.baseUrl}; make a new plan for this server`,
    );
  }
  const pending = pendingChanges(plan);
  if (pending.length === 0)
    return { plan, results: [], verification: undefined, observed: new Map(), unverified: [], toolVersion, ok: true };

  await checkPermissions(client, pending); // throws PermissionError: nothing written
  await preflight(client, plan); // throws StalePlanError: nothing written

  // Writes run concurrently. After the first hard failure, or an interrupt, no new write starts: a failing
  // run should stop touching production, not push on through every org. Changes are handed to the client
  // no faster than it sends them, so "no new write" holds for everything not yet on the wire (a deeper
  // queue inside the client would send writes decided on before the failure).
  let failed = false;
  const limit = pLimit(client.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
  const results = await Promise.all(
    pending.map((change) =>
      limit(async (): Promise<TargetResult> => {
        const outcome: Outcome = failed
          ? { status: "not-attempted", stoppedBy: "failure" }
          : stop?.aborted
            ? { status: "not-attempted", stoppedBy: "interrupt" }
            : await executeChange(client, change);
        if (outcome.status === "failed") failed = true;
        const r = { change, outcome };
        onResult?.(r);
        return r;
      }),
    ),
  );

  const vouched = await vouchFromLog(client, plan, results);
  const { verification, observed, unverified } = await verify(client, plan, results, toolVersion, clock, vouched);
  const converged = verification !== undefined && pendingChanges(verification).length === 0;
  // Targets not attempted after an interrupt are unconverged; a target that could not be re-read is not ok either.
  const ok = !failed && converged && unverified.length === 0;
  return { plan, results, verification, observed, unverified, toolVersion, ok };
}

/** For a plan read from the event log: the written targets the log shows unchanged since our write. */
async function vouchFromLog(
  client: ApplyOptions["client"],
  plan: Plan,
  results: readonly TargetResult[],
): Promise<Map<TargetId, Vouched>> {
  if (plan.readPosition === undefined || client.listEvents === undefined) return new Map();
  const written = results.flatMap((r) =>
    r.outcome.status === "applied" ? [{ change: r.change, sequence: r.outcome.sequence }] : [],
  );
  try {
    return vouchedByEvents(await eventsSince({ listEvents: client.listEvents }, plan.readPosition), written);
  } catch (err) {
    // The log is only a shortcut here: without it, every target is read as always.
    if (err instanceof ApiError || err instanceof UnpageableLog) return new Map();
    throw err;
  }
}
