export { sameServer } from "../rules.js";
export { applyPlan, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, type Outcome, type WriteClient } from "./execute.js";
export { checkPermissions, type PermissionClient } from "./permissions.js";
export {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  parseJournal,
  readJournal,
  writeJournal,
} from "./journal.js";
export { allUnlocked, findTargets, targetsOf, unlockTargets, type UnlockOutcome, type UnlockTarget } from "./unlock.js";
export { checkRecovery, NO_RECOVERY_PATH, refusedFindings } from "./recovery-check.js";
