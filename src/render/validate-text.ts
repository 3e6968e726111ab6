// The human view of `validate`: errors, then lint findings, each as FILE:LINE:COLUMN: message (so editors
// and CI problem matchers pick them up), then one summary line.
import type { ValidationReport } from "../desired/index.js";
import { capIssueLines } from "../errors.js";
import { makeStyle, originText, plural } from "./view.js";

export function renderValidateText(r: ValidationReport, options: { color: boolean }): string {
  const { red, yellow } = makeStyle(options.color);
  // The first problems and a count of the rest: a file with 100,000 mistakes stays readable.
  const lines = capIssueLines(r.errors.map((i) => `${red(`${i.file}:${i.line}:${i.column}:`)} ${i.message}`));
  for (const f of r.findings) {
    const tag = f.severity === "error" ? red(`error[${f.rule}]`) : yellow(`warning[${f.rule}]`);
    lines.push(`${f.origin ? `${originText(f.origin)}: ` : ""}${tag}: ${f.message}`);
  }
  lines.push(summaryLine(r));
  return `${lines.join("\n")}\n`;
}

function summaryLine(r: ValidationReport): string {
  const files = r.files.join(", ");
  const warnings = r.findings.filter((f) => f.severity === "warning").length;
  const lintErrors = r.findings.length - warnings;
  if (r.errors.length > 0) return `invalid: ${plural(r.errors.length, "error")} in ${files}`;
  const counts = [
    lintErrors > 0 ? plural(lintErrors, "lint error") : "",
    warnings > 0 ? plural(warnings, "warning") : "",
  ]
    .filter(Boolean)
    .join(", ");
  if (!r.valid || r.state === undefined)
    return `invalid: ${counts}${r.strict && lintErrors === 0 ? " (--strict)" : ""} in ${files}`;
  const s = r.state;
  const scope = [
    s.instance ? "the instance default" : "",
    plural(s.orgs.length, "org"),
    s.prune.enabled ? "prune on" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `valid: ${files} (${scope})${counts ? `; ${counts}` : ""}`;
}
