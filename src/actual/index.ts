export { readLive, type LiveRead, type LiveReader, type ReadProgress } from "./read.js";
export { observeTarget, toObserved, type PolicyReader } from "./observe.js";
export { resolveOrg, resolveProtected } from "./resolve.js";
export { compareLocked, isManager, readLockedUsers, type LockedClient, type LockedRead, type LockedScope, type LockedUser } from "./locked.js";
