// The human view of a plan, modelled on `terraform plan`: one block per change, symbols for the action,
// before → after per field, and a summary line. Noop targets are counted, not listed.
import {
  assertNever,
  pendingChanges,
  SETTING_NAMES,
  type LockoutSettings,
  type Plan,
  type PlannedChange,
} from "../model.js";
import { planNoteLines } from "./plan-notes.js";
import { makeStyle, originText, plural, showCount as show, targetLabel, type Style } from "./view.js";

export interface TextOptions {
  readonly color: boolean;
}

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const st = makeStyle(options.color);
  const pending = pendingChanges(plan);
  const notes = planNoteLines(plan, st);
  if (pending.length === 0) {
    const matches = plan.rollback ? "are already as they were before that apply" : "match the configuration";
    return (
      notes.join("\n") +
      (notes.length > 0 ? "\n" : "") +
      `${st.green(st.bold("No changes."))} The lockout policies on ${plan.server} ${matches} ` +
      `(${plural(plan.summary.noop, "target")} checked).\n`
    );
  }
  const lines = [...notes, `zitadel-lockout will perform the following actions on ${plan.server}:`, ""];
  for (const change of pending) lines.push(...changeBlock(change, st), "");
  lines.push(summaryLine(plan, st));
  return lines.join("\n") + "\n";
}

function summaryLine(plan: Plan, st: Style): string {
  const { create, update, reset, noop } = plan.summary;
  return `${st.bold("Plan:")} ${create} to create, ${update} to update, ${reset} to reset, ${noop} unchanged.`;
}

export function describeAction(change: PlannedChange): string {
  switch (change.action) {
    case "create":
      return "will get a custom lockout policy (it inherits the instance default now)";
    case "update":
      return change.target === "instance"
        ? "default lockout policy will be updated"
        : "custom lockout policy will be updated";
    case "reset":
      return change.cause === "prune"
        ? "custom lockout policy will be reset to the instance default (prune: the org is not in the config)"
        : "custom lockout policy will be reset to the instance default";
    case "noop":
      return "is up to date";
    default:
      return assertNever(change);
  }
}

function changeBlock(change: PlannedChange, st: Style): string[] {
  const label = targetLabel(change.target, change.orgName);
  const where = change.origin ? st.dim(`  (${originText(change.origin)})`) : "";
  const head = `  ${st.dim("#")} ${st.bold(label)} ${describeAction(change)}${where}`;
  return [head, ...fieldLines(change.before, change.after, st)];
}

function fieldLines(before: LockoutSettings | null, after: LockoutSettings | null, st: Style): string[] {
  const width = Math.max(...SETTING_NAMES.map((n) => n.length));
  if (before === null && after !== null) {
    return [
      `    ${st.green("+")} ${"(inherited)".padEnd(width)}  → custom policy`,
      ...SETTING_NAMES.map((n) => `    ${st.green("+")} ${n.padEnd(width)}  ${show(after[n])}`),
    ];
  }
  if (before !== null && after === null) {
    return [
      ...SETTING_NAMES.map((n) => `    ${st.red("-")} ${n.padEnd(width)}  ${show(before[n])}`),
      `    ${st.red("-")} ${"(custom)".padEnd(width)}  → inherits the instance default`,
    ];
  }
  if (before !== null && after !== null) {
    return SETTING_NAMES.map((n) =>
      before[n] === after[n]
        ? `      ${n.padEnd(width)}  ${show(after[n])}`
        : `    ${st.yellow("~")} ${n.padEnd(width)}  ${show(before[n])} → ${st.bold(show(after[n]))}`,
    );
  }
  return [];
}
