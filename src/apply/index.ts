export { sameServer } from "../rules.js";
export { applyPlan, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, type Outcome, type WriteClient } from "./execute.js";
export {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  parseJournal,
  readJournal,
  writeJournal,
} from "./journal.js";
export { allUnlocked, findTargets, targetsOf, unlockTargets, type UnlockOutcome, type UnlockTarget } from "./unlock.js";
