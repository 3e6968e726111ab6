// The machine view of a plan: exactly the plan document (the same bytes `plan --out` writes).
import type { Plan } from "../model.js";
import { toPlanDocument } from "../plan/index.js";

export const renderPlanJson = (plan: Plan): string => JSON.stringify(toPlanDocument(plan), null, 2) + "\n";
