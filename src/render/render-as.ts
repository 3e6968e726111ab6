// One entry to every view: renderAs(kind, document, format) for plan, apply, drift, validate, locked, unlock. cli/
// picks the format; which renderer serves
// which kind and format is written down here once.
import type { ApplyResult } from "../apply/index.js";
import type { ValidationReport } from "../desired/index.js";
import type { Plan } from "../model.js";
import type { DriftReport } from "../plan/index.js";
import { renderApplyJson } from "./apply-json.js";
import { renderApplyMarkdown } from "./apply-markdown.js";
import { renderApplyText } from "./apply-text.js";
import { renderDriftJson } from "./drift-json.js";
import { renderDriftMarkdown } from "./drift-markdown.js";
import { renderDriftText } from "./drift-text.js";
import {
  renderLockedJson,
  renderLockedMarkdown,
  renderLockedText,
  type LockedManagersSection,
  type LockedReport,
} from "./locked.js";
import { renderPlanJson } from "./plan-json.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";
import { renderUnlockJson, renderUnlockMarkdown, renderUnlockText, type UnlockReport } from "./unlock.js";
import { renderValidateJson } from "./validate-json.js";
import { renderValidateText } from "./validate-text.js";

import type { Format } from "./formats.js";

export interface ViewOptions {
  /** ANSI colour in the text view (cli/ decides: a terminal and no NO_COLOR). */
  readonly color: boolean;
}

type View<D> = (document: D, options: ViewOptions) => string;

/** The document each kind renders from. */
interface Documents {
  readonly plan: Plan;
  readonly apply: ApplyResult;
  /** A drift report, with the locked managers drift found (they are reported, never counted as drift). */
  readonly drift: {
    readonly report: DriftReport;
    readonly lockedManagers?: LockedManagersSection;
    /** false for a CDKTF app or a Terraform module: their configs have no `journal:` key to point at. */
    readonly configHasJournalKey?: boolean;
  };
  readonly validate: ValidationReport;
  readonly locked: LockedReport;
  readonly unlock: UnlockReport;
}

export type DocumentKind = keyof Documents;

// A pull-request view of a config check has no reader yet: validate has text for people and editors, JSON for tools.
const VIEWS: { readonly [K in DocumentKind]: Partial<Record<Format, View<Documents[K]>>> } = {
  // The Markdown views take the size budget as a second argument: called with the document alone here.
  plan: { text: renderPlanText, json: renderPlanJson, markdown: (plan) => renderPlanMarkdown(plan) },
  apply: { text: renderApplyText, json: renderApplyJson, markdown: (result) => renderApplyMarkdown(result) },
  drift: {
    text: ({ report, lockedManagers, configHasJournalKey }, { color }) =>
      renderDriftText(report, {
        color,
        ...(lockedManagers ? { lockedManagers } : {}),
        ...(configHasJournalKey !== undefined ? { configHasJournalKey } : {}),
      }),
    json: ({ report, lockedManagers }) => renderDriftJson(report, lockedManagers),
    markdown: ({ report, lockedManagers, configHasJournalKey }) =>
      renderDriftMarkdown(
        report,
        undefined,
        lockedManagers,
        configHasJournalKey !== undefined ? { configHasJournalKey } : {},
      ),
  },
  validate: { text: renderValidateText, json: renderValidateJson },
  locked: { text: renderLockedText, json: renderLockedJson, markdown: (report) => renderLockedMarkdown(report) },
  unlock: { text: renderUnlockText, json: renderUnlockJson, markdown: renderUnlockMarkdown },
};

export function renderAs<K extends DocumentKind>(
  kind: K,
  document: Documents[K],
  format: Format,
  options: ViewOptions,
): string {
  const view = VIEWS[kind][format];
  if (view === undefined) throw new Error(`internal: no ${format} view of a ${kind} document`);
  return view(document, options);
}
