// Picks the one renderer for a format, once (design: one human view and one JSON view of the same plan).
import { assertNever, type Plan } from "../model.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import type { Format } from "./options.js";

export function renderPlanAs(plan: Plan, format: Format, color: boolean): string {
  switch (format) {
    case "text":
      return renderPlanText(plan, { color });
    case "json":
      return renderPlanJson(plan);
    case "markdown":
      return renderPlanMarkdown(plan);
    default:
      return assertNever(format);
  }
}
