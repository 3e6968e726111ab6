// The plan as a JSON document: what `plan --format json` prints and what `plan --out` writes — one format,
// so a saved plan is exactly what a reviewer saw. Parsing checks it against schemas/plan.schema.json
// (docs/documents.md: fields a newer 1.x build added are read past).
import { PlanFileError } from "../errors.js";
import { ACTIONS, type Plan, type PlannedChange } from "../model.js";
import { summarize } from "./compute.js";
import { readDocument, type DocumentSpec } from "./document-format.js";
import { planInconsistencies } from "./saved-check.js";
import { lazySchemaCheck } from "./schema-check.js";

export const PLAN_KIND = "zitadel-lockout-plan";

export interface PlanDocument extends Plan {
  readonly kind: typeof PLAN_KIND;
}

export const toPlanDocument = (plan: Plan): PlanDocument => ({
  kind: PLAN_KIND,
  formatVersion: plan.formatVersion,
  toolVersion: plan.toolVersion,
  server: plan.server,
  changes: plan.changes.map(inReadingOrder),
  summary: plan.summary,
  ...(plan.readPosition !== undefined ? { readPosition: plan.readPosition } : {}),
  ...(plan.recoveryCheck !== undefined ? { recoveryCheck: plan.recoveryCheck } : {}),
  ...(plan.safety !== undefined ? { safety: plan.safety } : {}),
  ...(plan.rollback !== undefined ? { rollback: plan.rollback } : {}),
});

/** Every change with its keys in one order — what, then the guard, then where from — for reviewers of the file. */
function inReadingOrder<C extends PlannedChange>(c: C): C {
  // The same fields in another order: the cast only restates the type TypeScript cannot follow through the rebuild.
  return {
    target: c.target,
    ...(c.orgName !== undefined ? { orgName: c.orgName } : {}),
    action: c.action,
    before: c.before,
    after: c.after,
    expectedSequence: c.expectedSequence,
    expectedInherited: c.expectedInherited,
    cause: c.cause,
    ...(c.origin !== undefined ? { origin: c.origin } : {}),
  } as C;
}

/** Plan files: version 1, read past fields a newer 1.x build added (docs/documents.md). */
const PLAN_FILE: DocumentSpec = {
  kind: PLAN_KIND,
  name: "plan file",
  fileName: "plan file",
  formatName: "plan",
  instead: "make a plan file with plan --out FILE",
  versions: new Map([[1, lazySchemaCheck("plan.schema.json", { dropUnknownFields: true })]]),
};

/**
 * Parse a saved plan. `source` names the file in errors. Refuses unknown formats and inconsistent plans;
 * fields this build does not know are left out of the plan it returns.
 */
export function parsePlanDocument(text: string, source: string): Plan {
  const read = readDocument(text, PLAN_FILE);
  if ("problem" in read) throw new PlanFileError(`${source}: ${read.problem}`);
  const plan = read.json as PlanDocument;
  // One change per target: two (a merge of plan files, a hand edit) would send two writes to one target at
  // once, with no telling which lands last.
  const seen = new Set<string>();
  for (const c of plan.changes) {
    if (seen.has(c.target))
      throw new PlanFileError(`${source}: the plan file is damaged: it lists ${c.target} more than once`);
    seen.add(c.target);
  }
  // Values edited consistently with the schema can still contradict themselves (a noop that changes values).
  const inconsistent = planInconsistencies(plan);
  if (inconsistent.length > 0)
    throw new PlanFileError(
      `${source}: the plan file is inconsistent (edited by hand?):\n  ${inconsistent.join("\n  ")}`,
    );
  const summary = summarize(plan.changes);
  if (ACTIONS.some((a) => summary[a] !== plan.summary[a])) {
    throw new PlanFileError(`${source}: the plan file is damaged: its summary does not match its changes`);
  }
  return plan;
}
