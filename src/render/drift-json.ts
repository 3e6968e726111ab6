// The machine view of a drift check (schemas/drift.schema.json): one document, every managed target with
// both verdicts — values against the config, sequence against the journal.
import type { DriftReport } from "../plan/index.js";
import { lockedManagersJson, type LockedManagersSection } from "./locked.js";

export const DRIFT_KIND = "zitadel-lockout-drift";

/** `lockedManagers`: the section drift adds when it could look for locked managers (the CLI always does). */
export function driftDocument(report: DriftReport, lockedManagers?: LockedManagersSection) {
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
    ...(lockedManagers !== undefined ? { lockedManagers: lockedManagersJson(lockedManagers) } : {}),
  };
}

export const renderDriftJson = (report: DriftReport, lockedManagers?: LockedManagersSection): string =>
  JSON.stringify(driftDocument(report, lockedManagers), null, 2) + "\n";
