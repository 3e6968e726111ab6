// The pull-request / job-summary view of a drift check (docs/gitops.md): a headline with counts, a table of
// values that differ from the config (org name and id, live → config), a separate "changed outside Git"
// table (recorded → now, with the server's change date), a hidden marker for comment upsert, and the
// size budget of markdown.ts.
import { assertNever, type Action, type ChangeCause } from "../model.js";
import {
  editorName,
  type Attribution,
  type DriftReport,
  type DriftTarget,
  type OutOfBandChange,
} from "../plan/index.js";
import { driftNotes, nextStep, type DriftConfigKind } from "./drift-text.js";
import { lockedManagersMarkdown, type LockedManagersSection } from "./locked.js";
import { MARKDOWN_BUDGET, renderWithinBudget, type MarkdownTable } from "./markdown.js";
import { markdownText, orgCell, plural, settingCell, settingsPair as state } from "./view.js";

export const DRIFT_MARKER = "<!-- zitadel-lockout:drift -->";

/** `lockedManagers`: the section the CLI adds (a short table, capped); it does not change the verdict. */
export function renderDriftMarkdown(
  report: DriftReport,
  budget = MARKDOWN_BUDGET,
  lockedManagers?: LockedManagersSection,
  configKind: DriftConfigKind = {},
): string {
  const { targets, drifted, valuesDiffer, changedOutsideGit } = report.summary;
  const counts = [`${valuesDiffer} differ${valuesDiffer === 1 ? "s" : ""} from the config`];
  if (report.journal.status === "read") counts.push(`${changedOutsideGit} changed outside Git`);
  const headline = report.drifted
    ? `### ⚠️ zitadel-lockout drift: ${drifted} of ${plural(targets, "target")} drifted — ${counts.join(", ")}`
    : `### ✅ zitadel-lockout drift: no drift in ${plural(targets, "target")}`;
  const head = [
    DRIFT_MARKER,
    headline,
    "",
    `Server: \`${report.server}\` · checked ${report.checkedAt} · zitadel-lockout ${report.toolVersion}`,
    "",
    journalSentence(report),
    "",
  ];
  const next = report.drifted ? [nextStep(report, (c) => `\`${c}\``), ""] : [];
  const locked = lockedManagers ? lockedManagersMarkdown(lockedManagers) : [];
  const tail = [...locked, ...next, ...driftNotes(report, configKind).flatMap((n) => [`> ${n}`, ""])];
  const tables: MarkdownTable[] = [];
  const differ = report.targets.filter((t) => t.valuesDiffer);
  if (differ.length > 0) {
    tables.push({
      intro: ["#### Values that differ from the config", ""],
      header: ["| Target | Org | maxPasswordAttempts | maxOtpAttempts | Apply would |", "|---|---|---|---|---|"],
      rows: differ.map(
        (t) =>
          `| \`${t.target}\` | ${orgCell(t.target, t.orgName)} | ` +
          `${settingCell(t.live, t.desired, "maxPasswordAttempts")} | ` +
          `${settingCell(t.live, t.desired, "maxOtpAttempts")} | ${restore(t.action, t.cause)} |`,
      ),
    });
  }
  const outside = report.targets.filter((t) => t.outsideGit.status === "changed");
  if (outside.length > 0) {
    tables.push({
      intro: [
        "#### Changed outside Git",
        "",
        "The sequence moved since the last journaled apply: someone changed the policy in the console or " +
          "through the API.",
        "",
      ],
      // "Changed by" only when the event log was consulted: without it the column would be empty.
      header: outside.some((t) => t.outsideGit.status === "changed" && t.outsideGit.changedBy)
        ? [
            "| Target | Org | What happened | At the last apply | Now | Server change date | Changed by |",
            "|---|---|---|---|---|---|---|",
          ]
        : [
            "| Target | Org | What happened | At the last apply | Now | Server change date |",
            "|---|---|---|---|---|---|",
          ],
      rows: outside.map((t) =>
        outsideRow(
          t,
          outside.some((o) => o.outsideGit.status === "changed" && o.outsideGit.changedBy),
        ),
      ),
    });
  }
  if (tables.length === 0) {
    const scope =
      report.journal.status === "read" ? " and nothing changed outside Git since the last journaled apply" : "";
    return [...head, `**No drift.** The lockout policies match the config${scope}.`, "", ...tail].join("\n");
  }
  return renderWithinBudget(
    {
      head,
      tables,
      tail,
      fullReportHint: "Run `zitadel-lockout drift --format json` (or see the job log) for the full report.",
    },
    budget,
  );
}

function journalSentence(report: DriftReport): string {
  const j = report.journal;
  switch (j.status) {
    case "none":
      return "No journal is configured: only values were compared with the config.";
    case "missing":
      return (
        `The journal \`${j.path}\` does not exist yet (no apply has written it): only values were compared ` +
        `with the config.`
      );
    case "read":
      return `Values compared with the config; sequences with the journal \`${j.path}\` (written ${j.writtenAt}).`;
    default:
      return assertNever(j);
  }
}

function outsideRow(t: DriftTarget, withWho: boolean): string {
  if (t.outsideGit.status !== "changed") throw new Error("internal: not an out-of-band change");
  const o = t.outsideGit;
  const then = `${state(o.recorded.settings)} · seq ${o.recorded.sequence} · applied ${o.recorded.appliedAt}`;
  const now = `${state(t.live)} · seq ${t.liveSequence}`;
  // The change date comes from the server (or a journal file): escaped like any other cell.
  const date =
    o.changeDate !== undefined
      ? markdownText(o.changeDate)
      : o.change === "reset-to-default"
        ? "(not kept for a reset)"
        : "";
  return (
    `| \`${t.target}\` | ${orgCell(t.target, t.orgName)} | ${WHAT[o.change]} | ${then} | ${now} | ${date} ` +
    `|${withWho ? ` ${whoCell(o.changedBy)} |` : ""}`
  );
}

const WHAT: Record<OutOfBandChange, string> = {
  "values-changed": "values changed",
  "changed-and-reverted": "changed and changed back",
  "custom-policy-added": "custom policy added",
  "reset-to-default": "reset to the instance default",
};

function restore(action: Action, cause: ChangeCause): string {
  switch (action) {
    case "create":
      return "create a custom policy";
    case "update":
      return "update";
    case "reset":
      return cause === "prune" ? "reset (prune: not in the config)" : "reset to the instance default";
    case "noop":
      return "nothing";
    default:
      return assertNever(action);
  }
}

/** The editors of an out-of-band change with their dates, escaped (names come from the server). */
function whoCell(a: Attribution | undefined): string {
  if (a === undefined) return "";
  if (a.status === "unknown") return markdownText(`cannot tell: ${a.reason}`);
  return a.changes.map((c) => `${markdownText(editorName(c))} at ${c.date}`).join("<br>");
}
