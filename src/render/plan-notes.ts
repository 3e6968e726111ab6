// What a plan says besides its changes, in the text and Markdown views alike: the recovery check's findings
// (docs/recovery-check.md) and, for a plan made by `rollback`, which apply it undoes and what it would overwrite
// (docs/rollback.md). Server-provided names are escaped by each view.
import type { LockoutSettings, Plan, PlanSummary, RollbackSnapshot } from "../model.js";
import { markdownText, printable, targetLabel, type Style } from "./view.js";

/** "(Name)" after a target in Markdown, escaped; nothing when the name is unknown. */
const nameMd = (orgName: string | undefined): string => (orgName !== undefined ? `(${markdownText(orgName)})` : "");

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const describeSummary = (s: PlanSummary): string =>
  [s.create ? `${s.create} created` : "", s.update ? `${s.update} updated` : "", s.reset ? `${s.reset} reset` : ""]
    .filter(Boolean)
    .join(", ") || "no change";

const showSettings = (s: LockoutSettings | null): string =>
  s === null ? "inherits the instance default" : `${s.maxPasswordAttempts}/${s.maxOtpAttempts}`;
const describeSnapshot = (s: RollbackSnapshot): string => `${showSettings(s.settings)} (sequence ${s.sequence})`;

/** Text lines before the change blocks (empty for an ordinary plan without findings). */
export function planNoteLines(plan: Plan, st: Style): string[] {
  const lines: string[] = [];
  if (plan.rollback) {
    const { of, changedSince } = plan.rollback;
    lines.push(
      `Rollback of the ${of.kind} of ${of.appliedAt} (${describeSummary(of.summary)}): its targets return ` +
        `to their state before it.`,
      "",
    );
    for (const c of changedSince) {
      lines.push(
        `  ${st.yellow("!")} ${st.bold(targetLabel(c.target, c.orgName))} changed since that ${of.kind}: ` +
          `it left ${describeSnapshot(c.recorded)}, ` +
          `the server has ${describeSnapshot(c.live)}; the rollback overwrites it`,
      );
    }
    if (changedSince.length > 0) lines.push("");
  }
  lines.push(...recoveryLines(plan, st));
  return lines;
}

function recoveryLines(plan: Plan, st: Style): string[] {
  const lines: string[] = [];
  const check = plan.recoveryCheck;
  if (check?.status === "not-checked")
    lines.push(`${st.yellow("warning:")} the recovery check could not be made: ${printable(check.reason)}`, "");
  for (const f of plan.safety ?? []) {
    lines.push(`  ${st.red("!")} ${st.bold(targetLabel(f.target, f.orgName))} [${f.rule}]: ${f.message}`);
  }
  if (plan.safety?.length) {
    lines.push(
      "  Apply refuses this plan unless --accept-lockout-risk is given or lint.ignore lists no-recovery-path.",
      "",
    );
  }
  return lines;
}

/** Markdown lines after the headline (empty for an ordinary plan without findings). */
export function planNoteMarkdown(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.rollback) {
    const { of, changedSince } = plan.rollback;
    lines.push(
      `**Rollback** of the ${of.kind} of ${of.appliedAt} (${describeSummary(of.summary)}): its targets ` +
        `return to their state before it.`,
      "",
    );
    if (changedSince.length > 0) {
      lines.push(
        "> [!WARNING]",
        `> ${plural(changedSince.length, "target")} changed since that ${of.kind}; the rollback ` +
          `overwrites ${changedSince.length === 1 ? "it" : "them"}:`,
      );
      for (const c of changedSince) {
        lines.push(
          `> - \`${c.target}\` ${nameMd(c.orgName)}: it left ${describeSnapshot(c.recorded)}, the server ` +
            `has ${describeSnapshot(c.live)}`,
        );
      }
      lines.push("");
    }
  }
  const check = plan.recoveryCheck;
  if (check?.status === "not-checked")
    lines.push("> [!WARNING]", `> The recovery check could not be made: ${markdownText(check.reason)}`, "");
  if (plan.safety?.length) {
    lines.push(
      "> [!CAUTION]",
      "> No way back in: apply refuses these targets unless `--accept-lockout-risk` or `lint.ignore: " +
        "[no-recovery-path]`.",
      ">",
    );
    for (const f of plan.safety) lines.push(`> - \`${f.target}\` ${nameMd(f.orgName)}: ${markdownText(f.message)}`);
    lines.push("");
  }
  return lines;
}
