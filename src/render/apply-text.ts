// The human view of an apply: one line per changed target with what happened, then a summary.
import { assertNever } from "../model.js";
import type { ApplyResult, TargetResult } from "../apply/index.js";
import { STOPPED, unconvergedTargets } from "./apply-unconverged.js";
import { makeStyle, targetLabel, type Style } from "./style.js";

export function renderApplyText(result: ApplyResult, options: { color: boolean }): string {
  const st = makeStyle(options.color);
  if (result.results.length === 0) return `${st.green(st.bold("No changes."))} Nothing to apply; no write was sent.\n`;
  const lines = result.results.map((r) => `  ${resultLine(r, st)}`);
  const count = (s: string) => result.results.filter((r) => r.outcome.status === s).length;
  const applied = count("applied") + count("converged");
  const unconverged = unconvergedTargets(result);
  for (const u of unconverged) {
    lines.push(`  ${st.red("✗")} ${targetLabel(u.target, u.orgName)}: after apply the server still differs from the plan (${u.action} pending): ${u.reason}`);
  }
  const failed = count("failed");
  const skipped = count("not-attempted");
  const interrupted = result.results.some((r) => r.outcome.status === "not-attempted" && r.outcome.stoppedBy === "interrupt");
  const verdict =
    result.ok
      ? st.green(st.bold(`Apply complete: ${applied} target${applied === 1 ? "" : "s"} changed and verified.`))
      : st.red(st.bold(`Apply ${interrupted ? "interrupted" : "failed"}: ${applied} applied, ${failed} failed, ${skipped} not attempted${unconverged.length ? `, ${unconverged.length} not converged` : ""}.`));
  return [...lines, "", verdict, ""].join("\n");
}

function resultLine({ change, outcome }: TargetResult, st: Style): string {
  const label = targetLabel(change.target, change.orgName);
  switch (outcome.status) {
    case "applied":
      return `${st.green("✓")} ${label}: ${PAST[change.action]} (sequence ${outcome.sequence})`;
    case "converged":
      return `${st.green("✓")} ${label}: already as planned (the server answered ${outcome.answer}; a re-read confirmed it)`;
    case "failed":
      return `${st.red("✗")} ${label}: ${change.action} failed: ${outcome.error}`;
    case "not-attempted":
      return `${st.yellow("-")} ${label}: ${change.action} not attempted (${STOPPED[outcome.stoppedBy]})`;
    default:
      return assertNever(outcome);
  }
}

const PAST = { create: "custom policy created", update: "updated", reset: "reset to the instance default", noop: "unchanged" } as const;
