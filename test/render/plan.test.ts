// Golden files for the plan's three formats, plus the Markdown rules that goldens alone would not pin down.
import { describe, expect, it } from "vitest";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { COMMENT_MARKER, renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import type { ActualState } from "../../src/model.js";
import { computeDrift, computePlan } from "../../src/plan/index.js";
import { renderApplyMarkdown } from "../../src/render/apply-markdown.js";
import { renderDriftMarkdown } from "../../src/render/drift-markdown.js";
import { custom, desired } from "../plan/fixtures.js";
import { liveState, mixedApplyResult, mixedPlan, noChangePlan, NOW } from "./fixtures.js";
import { expectGolden } from "./golden.js";

describe("plan renderers (golden files)", () => {
  it("text, plain", () => expectGolden("plan-mixed.txt", renderPlanText(mixedPlan(), { color: false })));
  it("text, coloured (a terminal without NO_COLOR)", () =>
    expectGolden("plan-mixed.color.txt", renderPlanText(mixedPlan(), { color: true })));
  it("text, no changes", () => expectGolden("plan-nochange.txt", renderPlanText(noChangePlan(), { color: false })));
  it("json", () => expectGolden("plan-mixed.json", renderPlanJson(mixedPlan())));
  it("markdown", () => expectGolden("plan-mixed.md", renderPlanMarkdown(mixedPlan())));
  it("markdown, no changes", () => expectGolden("plan-nochange.md", renderPlanMarkdown(noChangePlan())));
  it("markdown over a small budget degrades to a summary", () =>
    expectGolden("plan-mixed.budget.md", renderPlanMarkdown(mixedPlan(), 900)));
});

describe("plan markdown", () => {
  it("starts with the hidden marker line a workflow finds its comment by", () => {
    expect(renderPlanMarkdown(mixedPlan()).split("\n")[0]).toBe(COMMENT_MARKER);
    expect(renderPlanMarkdown(noChangePlan()).split("\n")[0]).toBe(COMMENT_MARKER);
  });

  it("keeps user data (org names) from breaking the table or adding markup", () => {
    const md = renderPlanMarkdown(mixedPlan());
    expect(md).toContain("ACME \\| \\<b\\>Corp\\</b\\>");
    expect(md).not.toContain("<b>");
  });

  it("plain text has no escape sequences; coloured text has them", () => {
    const ESC = "\u001b[";
    expect(renderPlanText(mixedPlan(), { color: false })).not.toContain(ESC);
    expect(renderPlanText(mixedPlan(), { color: true })).toContain(ESC);
  });
});

describe("0 means never lock, in every view", () => {
  it("text and Markdown both say it, so a reviewer does not read 0 as 'lock at once'", () => {
    // Hooli is 4/0 on the server; the config raises its OTP limit from 0 to 3.
    const plan = computePlan({
      desired: desired({ orgs: [custom("300000000000000015", { maxPasswordAttempts: 4, maxOtpAttempts: 3 }, 15)] }),
      actual: liveState(),
      toolVersion: "0.1.0",
    });
    expect(renderPlanText(plan, { color: false })).toMatch(/~ maxOtpAttempts +0 \(never lock\) → 3/);
    expect(renderPlanMarkdown(plan)).toContain("| 4 | 0 (never lock) → **3** |");
  });
});

describe("org names from the server on a terminal", () => {
  it("cannot inject escape sequences, forge report lines or reorder text", () => {
    const live = liveState();
    const hostile = "Evil\u001b[2J\u001b[32m ✓ all good\n  ✓ instance: updated\u202eedoc";
    const orgs = new Map(live.orgs);
    orgs.set("300000000000000012", { ...orgs.get("300000000000000012")!, orgName: hostile });
    const text = renderPlanText(mixedPlan({ ...live, orgs }), { color: false });
    const line = text.split("\n").find((l) => l.includes("org:300000000000000012"))!;
    expect(line).toContain("(Evil\\u001B[2J\\u001B[32m ✓ all good\\u000A  ✓ instance: updated\\u202Eedoc)");
    expect(text.includes("\u001b") || text.includes("\u202e")).toBe(false);
    expect(text.split("\n").filter((l) => l.includes("instance: updated"))).toHaveLength(1); // only the escaped name
  });
});

describe("org names from the server in Markdown", () => {
  // What the text view escapes, the Markdown views escape too: a pull-request comment or job summary is
  // read in a browser, where a bidirectional override reorders the table and a control character hides.
  const hostile = "Evil\u202eedoc\u2066x\u0007\u001b[31m|<b>bold</b>";
  const shown = "Evil\\\\u202Eedoc\\\\u2066x\\\\u0007\\\\u001B\\[31m\\|\\<b\\>bold\\</b\\>";
  // oxlint-disable-next-line no-control-regex -- finding control characters is what this expression is for
  const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
  const live = (): ActualState => {
    const l = liveState();
    const orgs = new Map(l.orgs);
    orgs.set("300000000000000012", { ...orgs.get("300000000000000012")!, orgName: hostile });
    return { ...l, orgs };
  };
  const rowOf = (md: string) => md.split("\n").find((l) => l.includes("org:300000000000000012"))!;

  it("plan", () => {
    const md = renderPlanMarkdown(mixedPlan(live()));
    expect(md).not.toMatch(unsafe);
    expect(rowOf(md)).toContain(shown);
  });

  it("drift", () => {
    const md = renderDriftMarkdown(
      computeDrift({ plan: mixedPlan(live()), actual: live(), journal: { kind: "none" }, now: NOW }),
    );
    expect(md).not.toMatch(unsafe);
    expect(rowOf(md)).toContain(shown);
  });

  it("apply: a result row and a line of a target another writer changed", () => {
    const result = mixedApplyResult();
    const renamed = <C extends { orgName?: string }>(c: C): C => ({ ...c, orgName: hostile });
    const md = renderApplyMarkdown({
      ...result,
      // Every write succeeded, yet the re-read differs for org 13: it gets a line of its own.
      results: result.results.map((r) => ({
        change: renamed(r.change),
        outcome: { status: "applied" as const, sequence: "1" },
      })),
      verification: { ...result.verification!, changes: result.verification!.changes.map(renamed) },
    });
    expect(md).not.toMatch(unsafe);
    expect(rowOf(md)).toContain(shown);
    expect(md.split("\n").find((l) => l.startsWith("- `org:300000000000000013`"))).toContain(shown);
  });
});
