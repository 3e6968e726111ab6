// The human view of an apply: one line per changed target with what happened, then a summary.
import { assertNever, type PendingChange } from "../model.js";
import type { ApplyResult, TargetResult } from "../apply/index.js";
import {
  applyTally,
  failedRunWord,
  notVerified,
  splitUnconverged,
  stillDiffers,
  STOPPED,
} from "./apply-unconverged.js";
import { makeStyle, plural, targetLabel, type Style } from "./view.js";

export function renderApplyText(result: ApplyResult, options: { color: boolean }): string {
  const st = makeStyle(options.color);
  if (result.results.length === 0) return `${st.green(st.bold("No changes."))} Nothing to apply; no write was sent.\n`;
  // One entry per target: a failed or skipped target carries what the re-read found on an indented line
  // instead of a second ✗ line; only a target another writer changed after our write gets its own line.
  const { attached, separate, unverified } = splitUnconverged(result);
  const lines = result.results.flatMap((r) => {
    const u = attached.get(r.change.target);
    const error = unverified.get(r.change.target);
    return [
      `  ${resultLine(r, st)}`,
      ...(u ? [`      ${stillDiffers(u)}`] : []),
      ...(error !== undefined ? [`      ${st.yellow(notVerified(error))}`] : []),
    ];
  });
  for (const u of separate) {
    lines.push(
      `  ${st.red("✗")} ${targetLabel(u.target, u.orgName)}: after apply the server still differs from ` +
        `the plan (${u.action} pending): ${u.reason}`,
    );
  }
  const applied = result.results.filter((r) => r.outcome.status === "applied").length;
  const converged = result.results.filter((r) => r.outcome.status === "converged").length;
  const verdict = result.ok
    ? st.green(
        st.bold(
          `Apply complete: ${plural(applied, "target")} ` +
            `changed${converged > 0 ? ` and ${converged} already as planned, all` : " and"} verified.`,
        ),
      )
    : st.red(st.bold(`Apply ${failedRunWord(result)}: ${applyTally(result)}.`));
  return [...lines, "", verdict, ""].join("\n");
}

function resultLine({ change, outcome }: TargetResult, st: Style): string {
  const label = targetLabel(change.target, change.orgName);
  switch (outcome.status) {
    case "applied":
      return `${st.green("✓")} ${label}: ${PAST[change.action]} (sequence ${outcome.sequence})`;
    case "converged":
      return (
        `${st.green("✓")} ${label}: already as planned (the server answered ${outcome.answer}; a re-read ` +
        `confirmed it)`
      );
    case "failed":
      // The error's own continuation lines (a hint) are indented under the target they belong to.
      return `${st.red("✗")} ${label}: ${change.action} failed: ${outcome.error.replace(/\n/g, "\n    ")}`;
    case "not-attempted":
      return `${st.yellow("-")} ${label}: ${change.action} not attempted (${STOPPED[outcome.stoppedBy]})`;
    default:
      return assertNever(outcome);
  }
}

const PAST: Record<PendingChange["action"], string> = {
  create: "custom policy created",
  update: "updated",
  reset: "reset to the instance default",
};
