export { readLive, type LiveRead, type LiveReader, type ReadProgress } from "./read.js";
export { observeTarget, toObserved, type PolicyReader } from "./observe.js";
export { resolveOrg, resolveProtected } from "./resolve.js";
export { readState, READ_MODES, AUTO_EVENTS_MIN_ORGS, SAMPLE_ORGS, EventsNotPermitted, type ReadMode, type StateRead, type StateReader } from "./read-state.js";
export { foldEvents, FOLD_EVENT_TYPES, LOCKOUT_TYPES, type Fold, type FoldedPolicy } from "./event-fold.js";
export { readEventLog, justBefore } from "./event-read.js";
export { compareLocked, isManager, readLockedUsers, type LockedClient, type LockedRead, type LockedScope, type LockedUser } from "./locked.js";
export { addOrgRecovery, readInstanceRecovery, RecoveryReadDenied, type RecoveryClient } from "./recovery.js";
