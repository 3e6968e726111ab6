// The pure drift comparison: values against the config (the plan), sequences against the journal.
import { describe, expect, it } from "vitest";
import { compareWithJournal, computeDrift, type JournalEntry } from "../../src/plan/index.js";
import { s } from "../plan/fixtures.js";
import { driftedLive, driftReport, journal, mixedPlan, NOW } from "../render/fixtures.js";

const at = "2025-03-03T09:00:00.000Z";
const entry = (settings: JournalEntry["settings"], sequence: string): JournalEntry => ({
  target: "org:1",
  settings,
  sequence,
  appliedAt: at,
});
const custom = (p: number, o: number, sequence: string, changeDate?: string) => ({
  settings: s(p, o),
  sequence,
  ...(changeDate ? { changeDate } : {}),
});
const inherits = (sequence: string, changeDate?: string) => ({
  settings: null,
  sequence,
  ...(changeDate ? { changeDate } : {}),
});

describe("compareWithJournal", () => {
  it("no entry: not recorded", () =>
    expect(compareWithJournal(undefined, custom(3, 3, "7"))).toEqual({ status: "not-recorded" }));

  it("same sequence, custom both times: unchanged", () =>
    expect(compareWithJournal(entry(s(3, 3), "7"), custom(3, 3, "7"))).toEqual({ status: "unchanged" }));

  it("a moved sequence with other values: values changed, with the server's change date", () => {
    expect(compareWithJournal(entry(s(3, 3), "7"), custom(10, 10, "9", "2025-03-04T00:00:00Z"))).toEqual({
      status: "changed",
      change: "values-changed",
      recorded: { settings: s(3, 3), sequence: "7", appliedAt: at },
      changeDate: "2025-03-04T00:00:00Z",
    });
  });

  it("a moved sequence with the same values: changed outside Git and changed back", () => {
    expect(compareWithJournal(entry(s(3, 3), "7"), custom(3, 3, "11", "2025-03-04T00:00:00Z"))).toMatchObject({
      status: "changed",
      change: "changed-and-reverted",
    });
  });

  it("custom then, inheriting now: reset outside Git, without the instance row's change date", () => {
    const verdict = compareWithJournal(entry(s(3, 3), "7"), inherits("60", "2025-01-01T00:00:00Z"));
    expect(verdict).toMatchObject({ status: "changed", change: "reset-to-default" });
    expect(verdict).not.toHaveProperty("changeDate");
  });

  it("inheriting then, custom now: a custom policy was added outside Git", () => {
    expect(compareWithJournal(entry(null, "60"), custom(4, 4, "3", "2025-03-04T00:00:00Z"))).toMatchObject({
      status: "changed",
      change: "custom-policy-added",
      changeDate: "2025-03-04T00:00:00Z",
    });
  });

  it("inheriting both times: the instance's sequence moving is not the org's change", () => {
    expect(compareWithJournal(entry(null, "60"), inherits("60"))).toEqual({ status: "unchanged" });
    expect(compareWithJournal(entry(null, "60"), inherits("63"))).toEqual({ status: "follows-instance" });
  });

  it("a sequence that went backwards (a restored backup, another instance) still counts as moved", () => {
    expect(compareWithJournal(entry(s(3, 3), "70"), custom(3, 3, "7"))).toMatchObject({
      status: "changed",
      change: "changed-and-reverted",
    });
  });
});

describe("computeDrift", () => {
  it("without a journal compares values only and marks every target not checked", () => {
    const report = driftReport({ kind: "none" });
    expect(report.journal).toEqual({ status: "none" });
    expect(report.targets.every((t) => t.outsideGit.status === "not-checked")).toBe(true);
    // The reverted instance edit is invisible without a journal: the instance is in sync by values.
    expect(report.targets.find((t) => t.target === "instance")).toMatchObject({ drifted: false, valuesDiffer: false });
    expect(report.summary).toMatchObject({ targets: 7, drifted: 4, valuesDiffer: 4, changedOutsideGit: 0 });
    expect(report.drifted).toBe(true);
  });

  it("with a journal reports both kinds, and an equal-again target as drifted", () => {
    const report = driftReport();
    expect(report.summary).toEqual({
      targets: 7,
      drifted: 5,
      valuesDiffer: 4,
      changedOutsideGit: 4,
      inSync: 2,
      notRecorded: 1,
      followsInstance: 1,
    });
    const instance = report.targets[0]!;
    expect(instance).toMatchObject({
      target: "instance",
      valuesDiffer: false,
      drifted: true,
      live: s(6, 5),
      desired: s(6, 5),
      liveSequence: "63",
    });
    expect(instance.outsideGit).toMatchObject({
      status: "changed",
      change: "changed-and-reverted",
      changeDate: "2025-03-03T17:45:00Z",
    });
  });

  it("a journal that matches the live state: drift is exactly the value differences", () => {
    const live = driftedLive();
    const plan = mixedPlan(live);
    const entries = plan.changes.map((c): JournalEntry => {
      const target = c.target === "instance" ? live.instance : live.orgs.get(c.target.slice(4))!.policy;
      return {
        target: c.target,
        settings: target.inherited ? null : target.settings,
        sequence: target.sequence,
        appliedAt: at,
      };
    });
    const report = computeDrift({
      plan,
      actual: live,
      journal: { kind: "read", path: "j.json", journal: { ...journal(), entries } },
      now: NOW,
    });
    expect(report.summary.changedOutsideGit).toBe(0);
    expect(report.summary.drifted).toBe(report.summary.valuesDiffer);
  });

  it("stamps the report with the time it is given (render/ and plan/ never read the clock)", () => {
    expect(driftReport().checkedAt).toBe(NOW.toISOString());
  });
});
