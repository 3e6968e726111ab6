// The library: the same pipeline the CLI runs, for programs that embed it.
//   desired (YAML) → zitadel (client) → actual (live state) → plan (pure diff) → apply → render
// The emulator is a separate entry point (`zitadel-lockout/emulator`), the constructs another
// (`zitadel-lockout/cdktf`).
export * from "./model.js";
export * from "./errors.js";
export {
  loadDesired,
  parseDesired,
  serializeDesired,
  lintDesired,
  LINT_RULES,
  type LintFinding,
} from "./desired/index.js";
export {
  createClient,
  parseKeyFile,
  type ClientOptions,
  type Credentials,
  type ServiceAccountKey,
  type ZitadelClient,
} from "./zitadel/index.js";
export { readLive, type LiveRead } from "./actual/index.js";
export { computePlan, desiredFromPlan, parsePlanDocument, toPlanDocument, type PlanDocument } from "./plan/index.js";
export { computeDrift, type DriftReport, type DriftTarget, type Journal, type JournalInput } from "./plan/index.js";
export { readJournal, writeJournal, journalAfterApply } from "./apply/index.js";
export { applyPlan, type ApplyResult, type TargetResult } from "./apply/index.js";
export { renderPlanText } from "./render/plan-text.js";
export { renderPlanJson } from "./render/plan-json.js";
export { renderPlanMarkdown } from "./render/plan-markdown.js";
export { renderDriftText } from "./render/drift-text.js";
export { renderDriftJson } from "./render/drift-json.js";
export { renderDriftMarkdown } from "./render/drift-markdown.js";
