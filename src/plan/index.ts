export type { ResolvedDesired } from "../model.js";
export { computePlan, summarize, type PlanInput } from "./compute.js";
export { desiredFromPlan } from "./expected.js";
export { parsePlanDocument, toPlanDocument, PLAN_KIND, type PlanDocument } from "./document.js";
export { compareOrgIds, fillPatch, sameSettings } from "./settings.js";
export {
  computeDrift,
  compareWithJournal,
  summarizeDrift,
  stateOf,
  JOURNAL_KIND,
  type DriftInput,
  type DriftReport,
  type DriftSummary,
  type DriftTarget,
  type Journal,
  type JournalEntry,
  type JournalInput,
  type OutOfBandChange,
  type OutsideGit,
  type TargetState,
} from "./drift.js";
export { lazySchemaCheck } from "./schema-check.js";
export { desiredFromPlanAfter, needsInheritedValues, planConfigDifferences, planInconsistencies, type SavedPlanCheckInput } from "./saved-check.js";
export {
  appendHistory,
  planRollback,
  HISTORY_LIMIT,
  type HistoryRecord,
  type HistoryTarget,
  type RollbackInput,
  type TargetSnapshot,
} from "./rollback.js";
export {
  countRecoverers,
  hasRecoveryPath,
  recovererCandidates,
  recoverersOf,
  recoveryFinding,
  recoveryFindings,
  stricter,
  stricterChanges,
  withRecoveryCheck,
} from "./recovery.js";
