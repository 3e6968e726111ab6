// What the verification re-read still found different after an apply, with the reason in words.
// One list serves the JSON, text and Markdown views, so all three say the same thing.
import type { ApplyResult, Outcome } from "../apply/index.js";
import type { LockoutSettings, PlannedChange, TargetId } from "../model.js";

export interface Unconverged {
  readonly target: TargetId;
  readonly orgName?: string;
  /** What a fresh plan would still do. */
  readonly action: Exclude<PlannedChange["action"], "noop">;
  /** The plan's values (null: inherits). */
  readonly expected: LockoutSettings | null;
  /** What the re-read found (null: inherits). */
  readonly found: LockoutSettings | null;
  readonly foundSequence: string;
  readonly reason: string;
}

/** Why a target's write was never started, in the words every view uses. */
export const STOPPED = { failure: "stopped after a failure", interrupt: "apply was interrupted" } as const;

export function unconvergedTargets(result: ApplyResult): Unconverged[] {
  const outcomeOf = new Map(result.results.map((r) => [r.change.target, r.outcome]));
  return (result.verification?.changes ?? []).flatMap((c) =>
    c.action === "noop"
      ? []
      : [
          {
            target: c.target,
            ...(c.orgName !== undefined ? { orgName: c.orgName } : {}),
            action: c.action,
            expected: c.after,
            found: c.before,
            foundSequence: c.expectedSequence,
            reason: reasonFor(outcomeOf.get(c.target), c.before),
          },
        ],
  );
}

function reasonFor(outcome: Outcome | undefined, found: LockoutSettings | null): string {
  const shows = found === null ? "inherits the instance default" : `shows ${describe(found)}`;
  switch (outcome?.status) {
    case "failed":
      return `the write failed (see its result); the server ${shows}`;
    case "not-attempted":
      return `not written (${STOPPED[outcome.stoppedBy]}); the server ${shows}`;
    default:
      // Our write (or the server's "already so") succeeded, yet a later read disagrees: another writer.
      return `this apply's write succeeded, but the re-read ${found === null ? "finds the org inheriting" : `finds ${describe(found)}`}: someone else changed this target meanwhile; run plan to see`;
  }
}

const describe = (s: LockoutSettings): string => `maxPasswordAttempts ${s.maxPasswordAttempts}, maxOtpAttempts ${s.maxOtpAttempts}`;
