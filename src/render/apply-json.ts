// The machine view of an apply (schemas/apply-result.schema.json): per target what was planned and what happened.
import type { ApplyResult } from "../apply/index.js";
import { unconvergedTargets } from "./apply-unconverged.js";

export function applyResultDocument(result: ApplyResult) {
  return {
    kind: "zitadel-lockout-apply" as const,
    formatVersion: 1 as const,
    server: result.plan.server,
    toolVersion: result.toolVersion,
    planToolVersion: result.plan.toolVersion,
    ok: result.ok,
    results: result.results.map(({ change, outcome }) => ({
      target: change.target,
      ...(change.orgName !== undefined ? { orgName: change.orgName } : {}),
      action: change.action,
      before: change.before,
      after: change.after,
      ...outcome,
    })),
    unconverged: unconvergedTargets(result),
    unverified: result.unverified.map((u) => ({
      target: u.target,
      ...(u.orgName !== undefined ? { orgName: u.orgName } : {}),
      error: u.error,
    })),
    summary: {
      applied: result.results.filter((r) => r.outcome.status === "applied").length,
      converged: result.results.filter((r) => r.outcome.status === "converged").length,
      failed: result.results.filter((r) => r.outcome.status === "failed").length,
      notAttempted: result.results.filter((r) => r.outcome.status === "not-attempted").length,
    },
  };
}

export const renderApplyJson = (result: ApplyResult): string =>
  JSON.stringify(applyResultDocument(result), null, 2) + "\n";
