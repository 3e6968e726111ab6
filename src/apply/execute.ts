// Step 3 of apply: one API call per change, both fields in every body. When the server answers "already so"
// (NotChanged, AlreadyExists, NotFound) the target is re-read and judged by what is there — level-triggered,
// like a controller's reconcile: if it matches, it converged; otherwise it is a conflict to report.
import { assertNever, orgIdOf, type ObservedPolicy, type PendingChange, type PlannedChange } from "../model.js";
import { sameSettings } from "../plan/index.js";
import { observeTarget } from "../actual/index.js";
import { isAlreadyExists, isNotChanged, isPolicyNotFound, type ZitadelClient } from "../zitadel/index.js";

export type WriteClient = Pick<
  ZitadelClient,
  "getInstancePolicy" | "getOrgPolicy" | "updateInstancePolicy" | "addOrgPolicy" | "updateOrgPolicy" | "resetOrgPolicy"
>;

export type Outcome =
  | { readonly status: "applied"; readonly sequence: string }
  | { readonly status: "converged"; readonly answer: string }
  | { readonly status: "failed"; readonly error: string }
  | { readonly status: "not-attempted"; readonly stoppedBy: "failure" | "interrupt" };

/** True when the observed policy is what the change wants: its `after` values, or inheriting for null. */
const reached = (change: PlannedChange, o: ObservedPolicy): boolean =>
  change.after === null ? o.inherited : !o.inherited && sameSettings(o.settings, change.after);

export async function executeChange(client: WriteClient, change: PendingChange): Promise<Outcome> {
  try {
    const result = await write(client, change);
    return { status: "applied", sequence: result.sequence };
  } catch (err) {
    const answer = alreadySoAnswer(change, err);
    if (answer === undefined) return { status: "failed", error: (err as Error).message };
    // The re-read is part of this target's outcome: if it fails, the target failed. Letting it throw would
    // abort the whole apply mid-way — no per-target report, and writes already queued would still go out.
    let now: ObservedPolicy;
    try {
      now = await observeTarget(client, change.target);
    } catch (readErr) {
      return {
        status: "failed",
        error: `the server answered ${answer}, and the re-read to check it failed: ${(readErr as Error).message}`,
      };
    }
    if (reached(change, now)) return { status: "converged", answer };
    return {
      status: "failed",
      error:
        `the server answered ${answer}, and a re-read shows ${describe(now)} instead of ` +
        `${describeAfter(change)}: someone else is changing this target`,
    };
  }
}

function write(client: WriteClient, change: PendingChange) {
  switch (change.action) {
    case "update": {
      const orgId = orgIdOf(change.target);
      return orgId === undefined
        ? client.updateInstancePolicy(change.after)
        : client.updateOrgPolicy(orgId, change.after);
    }
    case "create":
      return client.addOrgPolicy(orgIdOf(change.target), change.after);
    case "reset":
      return client.resetOrgPolicy(orgIdOf(change.target));
    default:
      return assertNever(change);
  }
}

/** The answers that may mean "already as wanted" for this action; anything else is a real failure. */
function alreadySoAnswer(change: PendingChange, err: unknown): string | undefined {
  if (isNotChanged(err) && change.action === "update") return "NotChanged";
  if (isAlreadyExists(err) && change.action === "create") return "AlreadyExists";
  // The instance policy cannot be absent on a working instance (setup creates it, nothing deletes it): its
  // NotFound (INSTANCE-0oPew) never means "already so" and is reported as the server said it.
  if (
    isPolicyNotFound(err) &&
    (change.action === "reset" || (change.action === "update" && change.target !== "instance"))
  )
    return "NotFound";
  return undefined;
}

const describe = (o: ObservedPolicy): string =>
  o.inherited ? "the inherited instance default" : `${o.settings.maxPasswordAttempts}/${o.settings.maxOtpAttempts}`;
const describeAfter = (c: PlannedChange): string =>
  c.after === null ? "the inherited instance default" : `${c.after.maxPasswordAttempts}/${c.after.maxOtpAttempts}`;
