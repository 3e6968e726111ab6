// The pull-request view of a plan (docs/gitops.md): a headline with counts, a table with org name, id and
// before → after for every pending change, and a hidden marker so a workflow updates its own comment
// instead of adding one. Past the size budget the table gives way to a summary (see markdown.ts).
import { pendingChanges, type Plan, type PlannedChange } from "../model.js";
import { MARKDOWN_BUDGET, renderWithinBudget } from "./markdown.js";
import { planNoteMarkdown } from "./plan-notes.js";
import { orgCell, plural, settingCell } from "./view.js";
import { describeAction } from "./plan-text.js";

export const COMMENT_MARKER = "<!-- zitadel-lockout:plan -->";

export function renderPlanMarkdown(plan: Plan, budget = MARKDOWN_BUDGET): string {
  const { create, update, reset, noop } = plan.summary;
  const head = [
    COMMENT_MARKER,
    `### zitadel-lockout plan: ${create} to create, ${update} to update, ${reset} to reset`,
    "",
    `Server: \`${plan.server}\` · ${plural(noop, "target")} already as configured · zitadel-lockout ` +
      `${plan.toolVersion}`,
    "",
    ...planNoteMarkdown(plan),
  ];
  const pending = pendingChanges(plan);
  if (pending.length === 0) {
    const matches = plan.rollback ? "are already as they were before that apply" : "match the configuration";
    return [...head, `**No changes.** The lockout policies ${matches}.`, ""].join("\n");
  }
  return renderWithinBudget(
    {
      head,
      tables: [
        {
          intro: [],
          header: [
            "| | Target | Org | maxPasswordAttempts | maxOtpAttempts | What happens |",
            "|---|---|---|---|---|---|",
          ],
          rows: pending.map(
            (c) =>
              `| ${SYMBOL[c.action]} | \`${c.target}\` | ${orgCell(c.target, c.orgName)} | ` +
              `${settingCell(c.before, c.after, "maxPasswordAttempts")} | ` +
              `${settingCell(c.before, c.after, "maxOtpAttempts")} | ${describeAction(c)} |`,
          ),
        },
      ],
      tail: [],
      fullReportHint: "Run `zitadel-lockout plan --format json` (or see the job log) for the full plan.",
    },
    budget,
  );
}

const SYMBOL: Record<PlannedChange["action"], string> = { create: "➕", update: "✏️", reset: "↩️", noop: "" };
