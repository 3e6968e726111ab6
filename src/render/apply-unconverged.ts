// What the verification re-read still found different after an apply, with the reason in words.
// One list serves the JSON, text and Markdown views, so all three say the same thing.
import type { ApplyResult, Outcome } from "../apply/index.js";
import { pendingChanges, type LockoutSettings, type PendingChange, type TargetId } from "../model.js";

export interface Unconverged {
  readonly target: TargetId;
  readonly orgName?: string;
  /** What a fresh plan would still do. */
  readonly action: PendingChange["action"];
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
  return pendingChanges(result.verification ?? { changes: [] }).map((c) => ({
    target: c.target,
    ...(c.orgName !== undefined ? { orgName: c.orgName } : {}),
    action: c.action,
    expected: c.after,
    found: c.before,
    foundSequence: c.expectedSequence,
    reason: reasonFor(outcomeOf.get(c.target), c.before),
  }));
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
      return (
        `this apply's write succeeded, but the re-read ` +
        `${found === null ? "finds the org inheriting" : `finds ${describe(found)}`}: someone else changed ` +
        `this target meanwhile; run plan to see`
      );
  }
}

/**
 * The views (text, Markdown) show a target once. When its own write failed or was never sent, its result
 * line already says why, so what the re-read found is attached to that line (`attached`); a target whose
 * write succeeded yet still differs (another writer) gets a line of its own (`separate`).
 */
export function splitUnconverged(result: ApplyResult): {
  attached: Map<TargetId, Unconverged>;
  separate: Unconverged[];
  unverified: Map<TargetId, string>;
} {
  const ownWriteMissing = new Set(
    result.results
      .filter((r) => r.outcome.status === "failed" || r.outcome.status === "not-attempted")
      .map((r) => r.change.target),
  );
  const attached = new Map<TargetId, Unconverged>();
  const separate: Unconverged[] = [];
  for (const u of unconvergedTargets(result)) {
    if (ownWriteMissing.has(u.target)) attached.set(u.target, u);
    else separate.push(u);
  }
  // A target that could not be re-read at all: its error, attached to its result line the same way.
  const unverified = new Map(result.unverified.map((u) => [u.target, u.error]));
  return { attached, separate, unverified };
}

/** The word for a run that is not ok, the same in every view: "interrupted" when an interrupt left writes unsent. */
export const failedRunWord = (result: ApplyResult): "interrupted" | "failed" =>
  result.results.some((r) => r.outcome.status === "not-attempted" && r.outcome.stoppedBy === "interrupt")
    ? "interrupted"
    : "failed";

/** The attached finding, in the same words in every view. */
export const stillDiffers = (u: Unconverged): string =>
  `after apply the server still differs from the plan: it ` +
  `${u.found === null ? "inherits the instance default" : `shows ${describe(u.found)}`}`;

/**
 * The counts of an apply in words, the same in every view and matching the JSON summary: "applied" are the
 * writes that took effect; "already as planned" (the server answered "already so") and "not converged"
 * only when there are any.
 */
export function applyTally(result: ApplyResult): string {
  const count = (s: Outcome["status"]) => result.results.filter((r) => r.outcome.status === s).length;
  const converged = count("converged");
  const unconverged = unconvergedTargets(result).length;
  return (
    `${count("applied")} applied${converged > 0 ? `, ${converged} already as planned` : ""}, ` +
    `${count("failed")} failed, ` +
    `${count("not-attempted")} not attempted${unconverged > 0 ? `, ${unconverged} not converged` : ""}` +
    `${result.unverified.length > 0 ? `, ${result.unverified.length} not verified` : ""}`
  );
}

/** A target whose re-read failed, in the same words in every view: its state after the writes is unknown. */
export const notVerified = (error: string): string =>
  `not verified: the re-read after the writes failed (${error.split("\n")[0]}); run zitadel-lockout plan ` +
  `to see where it stands`;

const describe = (s: LockoutSettings): string =>
  `maxPasswordAttempts ${s.maxPasswordAttempts}, maxOtpAttempts ${s.maxOtpAttempts}`;
