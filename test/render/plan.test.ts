// Golden files for the plan's three formats, plus the Markdown rules that goldens alone would not pin down.
import { describe, expect, it } from "vitest";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { COMMENT_MARKER, renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { mixedPlan, noChangePlan } from "./fixtures.js";
import { expectGolden } from "./golden.js";

describe("plan renderers (golden files)", () => {
  it("text, plain", () => expectGolden("plan-mixed.txt", renderPlanText(mixedPlan(), { color: false })));
  it("text, coloured (a terminal without NO_COLOR)", () => expectGolden("plan-mixed.color.txt", renderPlanText(mixedPlan(), { color: true })));
  it("text, no changes", () => expectGolden("plan-nochange.txt", renderPlanText(noChangePlan(), { color: false })));
  it("json", () => expectGolden("plan-mixed.json", renderPlanJson(mixedPlan())));
  it("markdown", () => expectGolden("plan-mixed.md", renderPlanMarkdown(mixedPlan())));
  it("markdown, no changes", () => expectGolden("plan-nochange.md", renderPlanMarkdown(noChangePlan())));
  it("markdown over a small budget degrades to a summary", () => expectGolden("plan-mixed.budget.md", renderPlanMarkdown(mixedPlan(), 900)));
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
