// Golden files for the apply result's three formats.
import { describe, expect, it } from "vitest";
import { renderApplyJson } from "../../src/render/apply-json.js";
import { APPLY_MARKER, renderApplyMarkdown } from "../../src/render/apply-markdown.js";
import { renderApplyText } from "../../src/render/apply-text.js";
import { mixedApplyResult, mixedPlan, successfulApplyResult } from "./fixtures.js";
import { expectGolden } from "./golden.js";

const nothingToDo = () => ({ plan: mixedPlan(), results: [], verification: undefined, observed: new Map(), ok: true });

describe("apply renderers (golden files)", () => {
  it("text, every outcome", () => expectGolden("apply-mixed.txt", renderApplyText(mixedApplyResult(), { color: false })));
  it("text, coloured", () => expectGolden("apply-mixed.color.txt", renderApplyText(mixedApplyResult(), { color: true })));
  it("text, success", () => expectGolden("apply-ok.txt", renderApplyText(successfulApplyResult(), { color: false })));
  it("json, every outcome", () => expectGolden("apply-mixed.json", renderApplyJson(mixedApplyResult())));
  it("markdown, every outcome", () => expectGolden("apply-mixed.md", renderApplyMarkdown(mixedApplyResult())));
  it("markdown, success", () => expectGolden("apply-ok.md", renderApplyMarkdown(successfulApplyResult())));
  it("markdown, nothing to do", () => expectGolden("apply-nothing.md", renderApplyMarkdown(nothingToDo())));
});

describe("apply markdown", () => {
  it("carries its own marker (an apply comment never overwrites the plan comment)", () => {
    expect(renderApplyMarkdown(successfulApplyResult()).split("\n")[0]).toBe(APPLY_MARKER);
    expect(APPLY_MARKER).not.toBe("<!-- zitadel-lockout:plan -->");
  });

  it("escapes org names and error texts in table cells", () => {
    const md = renderApplyMarkdown(mixedApplyResult());
    expect(md).not.toContain("<b>");
    for (const row of md.split("\n").filter((l) => l.startsWith("| `"))) {
      // Six columns: seven unescaped pipes.
      expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(8);
    }
  });
});
