// The pull-request / job-summary view of an apply: a headline with counts, one row per changed target
// with what happened, and a hidden marker for comment upsert. Size-capped like the plan (markdown.ts).
import type { ApplyResult } from "../apply/index.js";
import { assertNever } from "../model.js";
import { applyResultDocument } from "./apply-json.js";
import { MARKDOWN_BUDGET, renderWithinBudget } from "./markdown.js";
import {
  applyTally,
  failedRunWord,
  notVerified,
  splitUnconverged,
  stillDiffers,
  STOPPED,
  type Unconverged,
} from "./apply-unconverged.js";
import { markdownText, orgCell, settingCell } from "./view.js";

export const APPLY_MARKER = "<!-- zitadel-lockout:apply -->";

export function renderApplyMarkdown(result: ApplyResult, budget = MARKDOWN_BUDGET): string {
  const doc = applyResultDocument(result);
  const verdict = result.ok
    ? "✅ zitadel-lockout apply succeeded"
    : `❌ zitadel-lockout apply ${failedRunWord(result)}`;
  const head = [
    APPLY_MARKER,
    doc.results.length === 0 ? "### ✅ zitadel-lockout apply: no changes" : `### ${verdict}: ${applyTally(result)}`,
    "",
    `Server: \`${doc.server}\` · zitadel-lockout ${doc.toolVersion}`,
    "",
  ];
  if (doc.results.length === 0) return [...head, "No changes; no write was sent.", ""].join("\n");
  // Like the text view: a failed or skipped target's row carries what the re-read found; only targets
  // another writer changed after our write are listed on their own.
  const { attached, separate, unverified } = splitUnconverged(result);
  const unconverged = separate.map(
    (u) =>
      `- \`${u.target}\`${u.orgName !== undefined ? ` (${markdownText(u.orgName)})` : ""}: after apply ` +
      `the server still differs from the plan (${u.action} pending): ${u.reason}`,
  ); // the reason is our own words and numbers
  return renderWithinBudget(
    {
      head,
      tables: [
        {
          intro: [],
          header: [
            "| Target | Org | Action | maxPasswordAttempts | maxOtpAttempts | Result |",
            "|---|---|---|---|---|---|",
          ],
          rows: doc.results.map(
            (r) =>
              `| \`${r.target}\` | ${orgCell(r.target, r.orgName)} | ${r.action} | ` +
              `${settingCell(r.before, r.after, "maxPasswordAttempts")} | ` +
              `${settingCell(r.before, r.after, "maxOtpAttempts")} | ` +
              `${resultCell(r)}${attachedNote(attached.get(r.target))}${unverifiedNote(unverified.get(r.target))} |`,
          ),
        },
      ],
      tail: unconverged.length > 0 ? ["**Not converged:**", ...unconverged, ""] : [],
      fullReportHint: "Run `zitadel-lockout apply --format json` (or see the job log) for every result.",
    },
    budget,
  );
}

const attachedNote = (u: Unconverged | undefined): string => (u ? ` — ${stillDiffers(u)}` : "");
const unverifiedNote = (error: string | undefined): string =>
  error !== undefined ? ` — ❔ ${markdownText(notVerified(error))}` : "";

type ResultRow = ReturnType<typeof applyResultDocument>["results"][number];

function resultCell(r: ResultRow): string {
  switch (r.status) {
    case "applied":
      return `✅ applied (sequence ${r.sequence})`;
    case "converged":
      return `✅ already so (the server answered ${r.answer}; a re-read confirmed it)`;
    case "failed":
      return `❌ failed: ${markdownText(r.error)}`;
    case "not-attempted":
      return `➖ not attempted (${STOPPED[r.stoppedBy]})`;
    default:
      return assertNever(r);
  }
}
