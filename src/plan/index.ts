export type { ResolvedDesired } from "../model.js";
export { computePlan, summarize, type PlanInput } from "./compute.js";
export { desiredFromPlan } from "./expected.js";
export { parsePlanDocument, toPlanDocument, PLAN_KIND, type PlanDocument } from "./document.js";
export { compareOrgIds, fillPatch, sameSettings } from "./settings.js";
