// The machine view of a drift check (schemas/drift.schema.json): one document, every managed target with
// both verdicts — values against the config, sequence against the journal.
import type { DriftReport } from "../plan/index.js";

const DRIFT_KIND = "zitadel-lockout-drift";

function driftDocument(report: DriftReport) {
  return {
    kind: DRIFT_KIND,
    formatVersion: 1 as const,
    toolVersion: report.toolVersion,
    server: report.server,
    checkedAt: report.checkedAt,
    drifted: report.drifted,
    journal: report.journal,
    summary: report.summary,
    targets: report.targets.map((t) => ({
      target: t.target,
      ...(t.orgName !== undefined ? { orgName: t.orgName } : {}),
      drifted: t.drifted,
      valuesDiffer: t.valuesDiffer,
      live: t.live,
      liveSequence: t.liveSequence,
      desired: t.desired,
      action: t.action,
      cause: t.cause,
      outsideGit: t.outsideGit,
    })),
  };
}

export const renderDriftJson = (report: DriftReport): string => JSON.stringify(driftDocument(report), null, 2) + "\n";
