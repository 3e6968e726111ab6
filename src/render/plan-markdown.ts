// The pull-request view of a plan (design.md §6): a headline with counts, a table per action with org name,
// id and before → after, and a hidden marker so a workflow updates its own comment instead of adding one.
// GitHub refuses comments over 65,536 characters: past a budget the tables give way to a summary.
import { type LockoutSettings, type Plan, type PlannedChange } from "../model.js";
import { describeAction } from "./plan-text.js";

export const COMMENT_MARKER = "<!-- zitadel-lockout:plan -->";
/** Leaves room under GitHub's 65,536-character limit for the workflow's own additions. */
export const MARKDOWN_BUDGET = 60_000;

export function renderPlanMarkdown(plan: Plan, budget = MARKDOWN_BUDGET): string {
  const { create, update, reset, noop } = plan.summary;
  const head = [
    COMMENT_MARKER,
    `### zitadel-lockout plan: ${create} to create, ${update} to update, ${reset} to reset`,
    "",
    `Server: \`${plan.server}\` · ${noop} target${noop === 1 ? "" : "s"} already as configured · zitadel-lockout ${plan.toolVersion}`,
    "",
  ];
  const pending = plan.changes.filter((c) => c.action !== "noop");
  if (pending.length === 0) return [...head, "**No changes.** The lockout policies match the configuration.", ""].join("\n");

  const full = [...head, ...table(pending)].join("\n") + "\n";
  if (full.length <= budget) return full;
  // Too large for one comment: keep the headline and as many rows as fit, and say how many were left out.
  const rows = table(pending);
  const kept: string[] = [];
  let size = head.join("\n").length + 400;
  for (const row of rows) {
    if (size + row.length + 1 > budget) break;
    kept.push(row);
    size += row.length + 1;
  }
  const shown = Math.max(0, kept.length - 2);
  return [
    ...head,
    ...kept,
    "",
    `> [!NOTE]`,
    `> The plan has ${pending.length} changes; ${pending.length - shown} are left out of this comment to stay under GitHub's size limit.`,
    `> Run \`zitadel-lockout plan --format json\` (or see the job log) for the full plan.`,
    "",
  ].join("\n");
}

function table(pending: readonly PlannedChange[]): string[] {
  return [
    "| | Target | Org | maxPasswordAttempts | maxOtpAttempts | What happens |",
    "|---|---|---|---|---|---|",
    ...pending.map(
      (c) =>
        `| ${SYMBOL[c.action]} | \`${c.target}\` | ${c.orgName !== undefined ? escape(c.orgName) : c.target === "instance" ? "(instance default)" : ""} | ` +
        `${cell(c.before, c.after, "maxPasswordAttempts")} | ${cell(c.before, c.after, "maxOtpAttempts")} | ${describeAction(c)} |`,
    ),
  ];
}

const SYMBOL: Record<PlannedChange["action"], string> = { create: "➕", update: "✏️", reset: "↩️", noop: "" };

function cell(before: LockoutSettings | null, after: LockoutSettings | null, key: keyof LockoutSettings): string {
  const b = before === null ? "inherited" : String(before[key]);
  const a = after === null ? "inherited" : String(after[key]);
  return b === a ? a : `${b} → **${a}**`;
}

/** Org names are user data: keep them from breaking the table or injecting markup. */
const escape = (text: string): string => text.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
