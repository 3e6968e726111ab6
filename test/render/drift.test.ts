// Golden files for the drift report's three formats, over every verdict (see fixtures.ts).
import { describe, expect, it } from "vitest";
import { renderDriftJson } from "../../src/render/drift-json.js";
import { DRIFT_MARKER, renderDriftMarkdown } from "../../src/render/drift-markdown.js";
import { renderDriftText } from "../../src/render/drift-text.js";
import { summarizeDrift, type DriftReport } from "../../src/plan/index.js";
import { driftReport, inSyncReport } from "./fixtures.js";
import { expectGolden } from "./golden.js";

const noJournal = () => driftReport({ kind: "none" });
const missingJournal = () => driftReport({ kind: "missing", path: ".zitadel-lockout/journal.json" });

describe("drift renderers (golden files)", () => {
  it("text, every verdict", () => expectGolden("drift-mixed.txt", renderDriftText(driftReport(), { color: false })));
  it("text, coloured", () => expectGolden("drift-mixed.color.txt", renderDriftText(driftReport(), { color: true })));
  it("text, no journal", () => expectGolden("drift-nojournal.txt", renderDriftText(noJournal(), { color: false })));
  it("text, journal not written yet", () =>
    expectGolden("drift-missing-journal.txt", renderDriftText(missingJournal(), { color: false })));
  it("text, in sync", () => expectGolden("drift-insync.txt", renderDriftText(inSyncReport(), { color: false })));
  it("json, every verdict", () => expectGolden("drift-mixed.json", renderDriftJson(driftReport())));
  it("json, no journal", () => expectGolden("drift-nojournal.json", renderDriftJson(noJournal())));
  it("markdown, every verdict", () => expectGolden("drift-mixed.md", renderDriftMarkdown(driftReport())));
  it("markdown, no journal", () => expectGolden("drift-nojournal.md", renderDriftMarkdown(noJournal())));
  it("markdown, in sync", () => expectGolden("drift-insync.md", renderDriftMarkdown(inSyncReport())));
  it("markdown, in sync without a journal", () =>
    expectGolden("drift-insync-nojournal.md", renderDriftMarkdown(inSyncReport({ kind: "none" }))));
  it("markdown over a small budget keeps both tables", () =>
    expectGolden("drift-mixed.budget.md", renderDriftMarkdown(driftReport(), 1900)));
});

describe("drift markdown", () => {
  it("has the drift marker, the values table and the separate changed-outside-Git table", () => {
    const md = renderDriftMarkdown(driftReport());
    expect(md.split("\n")[0]).toBe(DRIFT_MARKER);
    const values = md.indexOf("#### Values that differ from the config");
    const outside = md.indexOf("#### Changed outside Git");
    expect(values).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(values);
    // The reverted instance edit is only in the outside-Git table: its values equal the config.
    expect(md.slice(values, outside)).not.toContain("`instance`");
    expect(md.slice(outside)).toMatch(
      new RegExp(
        /`instance` \| \(instance default\) \| changed and changed back \| 6\/5 · seq 60 .* \| /.source +
          /6\/5 · seq 63 \| 2025-03-03T17:45:00Z \|/.source,
      ),
    );
  });

  it("without a journal has no outside-Git table and says that only values were compared", () => {
    const md = renderDriftMarkdown(noJournal());
    expect(md).not.toContain("#### Changed outside Git");
    expect(md).toContain("No journal is configured: only values were compared with the config.");
    expect(renderDriftText(noJournal(), { color: false })).toContain(
      "no journal is configured, so only values were compared",
    );
  });

  it("reports an inheriting org's moved sequence once, on the instance, not as drift of the org", () => {
    const report = driftReport();
    const stark = report.targets.find((t) => t.orgName === "Stark")!;
    expect(stark).toMatchObject({ drifted: false, outsideGit: { status: "follows-instance" } });
    expect(renderDriftText(report, { color: false })).toContain(
      "1 inheriting org reads a moved instance default; that change is reported once, on the instance.",
    );
    expect(renderDriftMarkdown(report)).not.toContain("Stark");
  });
});

describe("drift without a journal, from a CDKTF app or a Terraform module", () => {
  it("says to pass --journal, not to write a journal: key the config format does not have", () => {
    const text = renderDriftText(noJournal(), { color: false, configHasJournalKey: false });
    const md = renderDriftMarkdown(noJournal(), undefined, undefined, { configHasJournalKey: false });
    for (const out of [text, md]) {
      expect(out).toContain("Pass the same --journal FILE to apply and drift; the next apply records the baseline.");
      expect(out).not.toContain("journal:");
    }
    // A YAML config can name it: that is still said there.
    expect(renderDriftText(noJournal(), { color: false })).toContain("a YAML config can name it once, as journal:");
  });
});

describe("drift with a configured journal that does not exist yet", () => {
  it("does not tell the user to configure a journal they already configured, in text or Markdown", () => {
    const report = driftReport({ kind: "missing", path: ".zitadel-lockout/journal.json" });
    for (const out of [renderDriftText(report, { color: false }), renderDriftMarkdown(report)]) {
      expect(out).not.toMatch(/Pass --journal FILE/);
      expect(out).toMatch(
        /The next apply with this journal \(`?\.zitadel-lockout\/journal\.json`?\) records the baseline/,
      );
    }
  });
});

describe("what to do next", () => {
  // Only the instance's reverted edit: values equal the config, sequence moved.
  const revertedOnly = (): DriftReport => {
    const full = driftReport();
    const targets = full.targets.filter((t) => t.target === "instance");
    expect(targets[0]).toMatchObject({
      valuesDiffer: false,
      outsideGit: { status: "changed", change: "changed-and-reverted" },
    });
    const summary = summarizeDrift(targets);
    return { ...full, targets, summary, drifted: summary.drifted > 0 };
  };

  it("an edit changed back leaves nothing to restore: the report says an apply records the baseline, not plan", () => {
    const text = renderDriftText(revertedOnly(), { color: false });
    const md = renderDriftMarkdown(revertedOnly());
    for (const out of [text, md]) {
      expect(out).not.toContain("to see what apply would restore");
      expect(out).toContain("apply has nothing to restore");
      expect(out).toMatch(
        /until the next `?zitadel-lockout apply`? with this journal records the current state as the new baseline/,
      );
    }
  });

  it("values that differ: plan shows what apply restores; with changes outside Git, apply records the baseline", () => {
    expect(renderDriftText(driftReport(), { color: false })).toContain(
      "Run zitadel-lockout plan to see what apply would restore; that apply also records the new baseline " +
        "in the journal.",
    );
    expect(renderDriftMarkdown(driftReport())).toContain(
      "Run `zitadel-lockout plan` to see what apply would restore; that apply also records",
    );
    expect(renderDriftText(noJournal(), { color: false })).toContain(
      "Run zitadel-lockout plan to see what apply would restore.\n",
    );
    expect(renderDriftMarkdown(inSyncReport())).not.toContain("zitadel-lockout plan");
  });
});

describe("the no-drift verdict", () => {
  it("agrees in number with one target", () => {
    const full = inSyncReport();
    const targets = full.targets.slice(0, 1);
    const one: DriftReport = { ...full, targets, summary: summarizeDrift(targets), drifted: false };
    expect(renderDriftText(one, { color: false })).toContain(
      "No drift. The 1 target matches the config and did not change outside Git since the last journaled apply.",
    );
    expect(renderDriftText({ ...one, journal: { status: "none" } }, { color: false })).toContain(
      "No drift. The 1 target matches the config.",
    );
  });
});
