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
export { attribute, editorName, type Attribution, type ChangeBy, type EventHistory } from "./drift-who.js";
export { FORMAT_VERSION, unsupportedFormat } from "./document-format.js";
export { desiredFromPlanAfter, needsInheritedValues, planConfigDifferences, planInconsistencies, type SavedPlanCheckInput } from "./saved-check.js";
export {
  appendHistory,
  planRollback,
  HISTORY_LIMIT,
  type HistoryRecord,
  
  
} from "./rollback.js";
export {
  hasRecoveryPath,
  recoverersOf,
  recoveryFindings,
  stricter,
  stricterChanges,
  withRecoveryCheck,
} from "./recovery.js";
