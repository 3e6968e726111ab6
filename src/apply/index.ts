export { applyPlan, sameServer, type ApplyOptions, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, reached, type Outcome, type WriteClient } from "./execute.js";
export { preflight } from "./preflight.js";
export { verify, type Unverified } from "./verify.js";
export {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  parseJournal,
  readJournal,
  renderJournal,
  writeJournal,
  type AcknowledgedChange,
  type JournalAfterApplyInput,
} from "./journal.js";
export { checkRecovery, NO_RECOVERY_PATH, refusedFindings } from "./recovery-check.js";
