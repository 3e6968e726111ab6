// The Markdown size cap (docs/gitops.md): GitHub refuses comments over 65,536 characters. With thousands of
// orgs every report stays under it, keeps its headline counts, and says how many rows it left out.
import { describe, expect, it } from "vitest";
import { pendingChanges, type ActualState, type ObservedOrg, type Plan } from "../../src/model.js";
import { computeDrift, computePlan } from "../../src/plan/index.js";
import { renderApplyMarkdown } from "../../src/render/apply-markdown.js";
import { renderDriftMarkdown } from "../../src/render/drift-markdown.js";
import { renderWithinBudget } from "../../src/render/markdown.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { custom, desired, s } from "../plan/fixtures.js";

const GITHUB_LIMIT = 65_536;
const N = 5000;

/** N orgs with long names, each with a custom policy that the config changes. */
function hugePlan(): { plan: Plan; actual: ActualState } {
  const orgs = new Map<string, ObservedOrg>();
  const ids = Array.from({ length: N }, (_, i) => `30000000001${String(i).padStart(7, "0")}`);
  for (const id of ids) {
    orgs.set(id, {
      orgId: id,
      orgName: `Subsidiary ${id} of a very large holding company with a long name`,
      policy: { settings: s(9, 9), inherited: false, sequence: "5" },
    });
  }
  const actual: ActualState = {
    server: "https://big.zitadel.cloud",
    instance: { settings: s(5, 5), inherited: false, sequence: "1" },
    orgs,
  };
  const plan = computePlan({
    desired: desired({ orgs: ids.map((id) => custom(id, { maxPasswordAttempts: 3 })) }),
    actual,
    toolVersion: "0.1.0",
  });
  return { plan, actual };
}

describe("markdown size budget", () => {
  it("plan: 5000 changes fit one comment, with the counts and a note on what was left out", () => {
    const { plan } = hugePlan();
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(md).toContain(`### zitadel-lockout plan: 0 to create, ${N} to update, 0 to reset`);
    const shown = md.split("\n").filter((l) => l.startsWith("| ✏️")).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(N);
    expect(md).toContain(`| … | ${N - shown} more rows left out |`);
    expect(md).toContain(`> ${N - shown} rows are left out of this report`);
  });

  it("apply: 5000 results fit one comment", () => {
    const { plan } = hugePlan();
    const results = pendingChanges(plan).map((change) => ({
      change,
      outcome: { status: "applied" as const, sequence: "6" },
    }));
    const md = renderApplyMarkdown({
      plan,
      results,
      verification: undefined,
      observed: new Map(),
      unverified: [],
      toolVersion: "0.1.0",
      ok: true,
    });
    expect(md.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(md).toContain(`${N} applied`);
    expect(md).toMatch(/more rows left out/);
  });

  it("drift: a few out-of-band changes are never crowded out by thousands of value differences", () => {
    const { plan, actual } = hugePlan();
    const entries = plan.changes.map((c, i) => ({
      target: c.target,
      settings: s(3, 9),
      sequence: i < 3 ? "4" : "5",
      appliedAt: "2025-01-01T00:00:00.000Z",
    }));
    const journal = {
      kind: "zitadel-lockout-journal" as const,
      formatVersion: 1 as const,
      toolVersion: "0.1.0",
      server: actual.server,
      writtenAt: "2025-01-01T00:00:00.000Z",
      entries,
    };
    const report = computeDrift({ plan, actual, journal: { kind: "read", path: "j.json", journal }, now: new Date(0) });
    expect(report.summary.changedOutsideGit).toBe(3);
    const md = renderDriftMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    const outside = md.slice(md.indexOf("#### Changed outside Git"));
    expect(outside.split("\n").filter((l) => l.includes("values changed"))).toHaveLength(3);
  });

  it("shares rows out in turn among tables and stays within any budget it is given", () => {
    const table = (name: string, n: number) => ({
      intro: [`#### ${name}`],
      header: ["| a |", "|---|"],
      rows: Array.from({ length: n }, (_, i) => `| ${name} row ${i} |`),
    });
    for (const budget of [700, 1500, 4000]) {
      const md = renderWithinBudget(
        {
          head: ["# head", ""],
          tables: [table("big", 1000), table("small", 4)],
          tail: [],
          fullReportHint: "see the log",
        },
        budget,
      );
      expect(md.length).toBeLessThanOrEqual(budget);
      expect(md).toContain("# head");
    }
    const md = renderWithinBudget(
      {
        head: ["# head", ""],
        tables: [table("big", 1000), table("small", 4)],
        tail: [],
        fullReportHint: "see the log",
      },
      1500,
    );
    expect(md.split("\n").filter((l) => l.startsWith("| small row"))).toHaveLength(4);
  });
});
