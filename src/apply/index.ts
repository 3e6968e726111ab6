export { applyPlan, sameServer, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, type Outcome, type WriteClient } from "./execute.js";
export {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  parseJournal,
  readJournal,
  writeJournal,
} from "./journal.js";
