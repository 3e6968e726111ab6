export { readLive, type LiveRead, type LiveReader, type ReadProgress } from "./read.js";
export { observeTarget, toObserved, type PolicyReader } from "./observe.js";
export { resolveOrg, resolveProtected } from "./resolve.js";
export { addOrgRecovery, readInstanceRecovery, RecoveryReadDenied, type RecoveryClient } from "./recovery.js";
