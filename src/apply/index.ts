export { sameServer } from "../rules.js";
export { applyPlan, type ApplyOptions, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, reached, type Outcome, type WriteClient } from "./execute.js";
export { checkPermissions, type PermissionClient } from "./permissions.js";
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
export { allUnlocked, findTargets, findUser, targetsOf, unlockTargets, type UnlockClient, type UnlockOutcome, type UnlockStatus, type UnlockTarget } from "./unlock.js";
export { checkRecovery, NO_RECOVERY_PATH, refusedFindings } from "./recovery-check.js";
