import type { ApplyResult } from "../apply/index.js";
import { assertNever } from "../model.js";
import { renderApplyJson } from "../render/apply-json.js";
import { renderApplyMarkdown } from "../render/apply-markdown.js";
import { renderApplyText } from "../render/apply-text.js";
import type { Format } from "./options.js";

export function renderApplyAs(result: ApplyResult, format: Format, color: boolean): string {
  switch (format) {
    case "text":
      return renderApplyText(result, { color });
    case "json":
      return renderApplyJson(result);
    case "markdown":
      return renderApplyMarkdown(result);
    default:
      return assertNever(format);
  }
}
