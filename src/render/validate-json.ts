// The machine view of `validate` (schemas/validate.schema.json): validity, errors and lint findings.
import type { ValidationReport } from "../desired/index.js";
import { MAX_REPORTED_ISSUES } from "../errors.js";

const VALIDATE_KIND = "zitadel-lockout-validate";

function validateDocument(r: ValidationReport) {
  return {
    kind: VALIDATE_KIND,
    formatVersion: 1 as const,
    valid: r.valid,
    // The first errors and a count of the rest, as in the text view: a file with 100,000 mistakes gives a
    // document of a few kilobytes, not of megabytes that a CI step would have to hold and print.
    errors: r.errors
      .slice(0, MAX_REPORTED_ISSUES)
      .map((i) => ({ file: i.file, line: i.line, column: i.column, message: i.message })),
    omittedErrors: Math.max(0, r.errors.length - MAX_REPORTED_ISSUES),
    warnings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.origin?.file ?? null,
      line: f.origin?.line ?? null,
      column: f.origin?.column ?? null,
    })),
  };
}

export const renderValidateJson = (r: ValidationReport): string => `${JSON.stringify(validateDocument(r), null, 2)}\n`;
