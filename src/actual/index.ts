export { readLive, type LiveRead, type LiveReader } from "./read.js";
export { observeTarget, orgIdsOf, readInstancePolicy, type PolicyReader } from "./observe.js";
export { resolveOrg } from "./resolve.js";
export { readState, type StateRead } from "./read-state.js";
export { LOCKOUT_TYPES } from "./event-fold.js";
export { readEventLog, justBefore, UnpageableLog } from "./event-read.js";
export { isManager, readLockedUsers, type LockedScope } from "./locked.js";
export { addOrgRecovery, readInstanceRecovery, RecoveryReadDenied, type RecoveryClient } from "./recovery.js";
