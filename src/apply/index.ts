export { applyPlan, sameServer, type ApplyOptions, type ApplyResult, type TargetResult } from "./apply.js";
export { executeChange, reached, type Outcome, type WriteClient } from "./execute.js";
export { preflight } from "./preflight.js";
export { verify } from "./verify.js";
