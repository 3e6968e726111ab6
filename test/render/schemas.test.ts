// Every JSON document the renderers produce is valid against its schema in schemas/, and the schemas are
// strict enough to catch a broken document (each check below could fail).
import { describe, expect, it } from "vitest";
import { journalAfterApply } from "../../src/apply/index.js";
import { renderApplyJson } from "../../src/render/apply-json.js";
import { renderDriftJson } from "../../src/render/drift-json.js";
import type { LintFinding } from "../../src/desired/index.js";
import type { Origin } from "../../src/model.js";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { renderValidateJson } from "../../src/render/validate-json.js";
import {
  driftReport,
  inSyncReport,
  journal,
  liveState,
  mixedApplyResult,
  mixedPlan,
  NOW,
  successfulApplyResult,
} from "./fixtures.js";
import { schemaErrors } from "./schema-check.js";

const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;
const origin: Origin = { file: "c.yaml", line: 2, column: 1 };
const warning = (at: Origin | undefined): LintFinding => ({
  rule: "prune-resets-every-org",
  severity: "warning",
  message: "m",
  ...(at ? { origin: at } : {}),
});

describe("documents match their schemas", () => {
  it("plan", () => expect(schemaErrors("plan", parse(renderPlanJson(mixedPlan())))).toEqual([]));
  it.each([
    ["every outcome", mixedApplyResult],
    ["success", successfulApplyResult],
  ])("apply result: %s", (_, result) =>
    expect(schemaErrors("apply-result", parse(renderApplyJson(result())))).toEqual([]),
  );
  it.each([
    ["every verdict", () => driftReport()],
    ["no journal", () => driftReport({ kind: "none" })],
    ["journal missing", () => driftReport({ kind: "missing", path: "j.json" })],
    ["in sync", () => inSyncReport()],
  ])("drift: %s", (_, report) => expect(schemaErrors("drift", parse(renderDriftJson(report())))).toEqual([]));
  it.each([
    [
      "valid, with a warning at a position and one about the whole config",
      { errors: [], findings: [warning(origin), warning(undefined)], valid: true },
    ],
    ["invalid", { errors: [{ file: "c.yaml", line: 3, column: 5, message: "bad" }], findings: [], valid: false }],
  ])("validate: %s", (_, parts) => {
    const doc = parse(renderValidateJson({ files: ["c.yaml"], strict: false, ...parts }));
    expect(doc.kind).toBe("zitadel-lockout-validate");
    expect(schemaErrors("validate", doc)).toEqual([]);
  });
  it("journal (hand-written in the first release's format, and one built after an apply in the current one)", () => {
    expect(schemaErrors("journal-v1", journal())).toEqual([]);
    expect(schemaErrors("journal", journal())).not.toEqual([]); // format 1 is not format 2
    const built = journalAfterApply({
      result: successfulApplyResult(),
      previous: journal(),
      live: liveState(),
      now: NOW,
      toolVersion: "0.1.0",
    });
    expect(schemaErrors("journal", JSON.parse(JSON.stringify(built)))).toEqual([]);
  });
});

describe("the schemas reject broken documents", () => {
  it("apply result: an applied target without its sequence, a converged one with an error, an unknown status", () => {
    const doc = parse(renderApplyJson(mixedApplyResult()));
    const results = doc.results as Record<string, unknown>[];
    delete results[0]!.sequence;
    results[1]!.error = "boom";
    results[2]!.status = "done";
    const errors = schemaErrors("apply-result", doc);
    expect(errors.some((e) => e.startsWith("/results/0"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/results/1"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/results/2"))).toBe(true);
  });

  it("drift: a changed verdict without what it was recorded as, an unknown change kind, a wrong summary key", () => {
    const doc = parse(renderDriftJson(driftReport()));
    const targets = doc.targets as { outsideGit: Record<string, unknown> }[];
    delete targets[0]!.outsideGit.recorded;
    targets[1]!.outsideGit.change = "vandalised";
    (doc.summary as Record<string, unknown>).extra = 1;
    const errors = schemaErrors("drift", doc);
    expect(errors.some((e) => e.startsWith("/targets/0/outsideGit"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/targets/1/outsideGit"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/summary"))).toBe(true);
  });

  it("journal: a numeric sequence, a missing appliedAt", () => {
    const doc = JSON.parse(JSON.stringify(journal())) as { entries: Record<string, unknown>[] };
    doc.entries[0]!.sequence = 60;
    delete doc.entries[1]!.appliedAt;
    expect(schemaErrors("journal", doc).length).toBeGreaterThanOrEqual(2);
  });
});
