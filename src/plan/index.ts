export type { ResolvedDesired } from "../model.js";
export { computePlan, summarize } from "./compute.js";
export { desiredFromPlan } from "./expected.js";
export { parsePlanDocument, toPlanDocument, type PlanDocument } from "./document.js";
export { compareOrgIds, sameSettings } from "./settings.js";
export {
  computeDrift,
  compareWithJournal,
  summarizeDrift,
  stateOf,
  JOURNAL_KIND,
  type DriftReport,
  type DriftTarget,
  type Journal,
  type JournalEntry,
  type JournalInput,
  type OutOfBandChange,
  type OutsideGit,
  type TargetState,
} from "./drift.js";
export { lazySchemaCheck } from "./schema-check.js";
export { editorName, type Attribution, type EventHistory } from "./drift-who.js";
export { readDocument, type DocumentSpec } from "./document-format.js";
export { desiredFromPlanAfter, needsInheritedValues, planConfigDifferences } from "./saved-check.js";
export { appendHistory, planRollback, HISTORY_LIMIT, type HistoryRecord } from "./rollback.js";
export {
  hasRecoveryPath,
  recoverersOf,
  recoveryFindings,
  stricter,
  stricterChanges,
  withRecoveryCheck,
} from "./recovery.js";
