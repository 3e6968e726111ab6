// The machine view of `validate` (schemas/validate.schema.json): validity, errors and lint findings.
import type { ValidationReport } from "../desired/index.js";

const VALIDATE_KIND = "zitadel-lockout-validate";

function validateDocument(r: ValidationReport) {
  return {
    kind: VALIDATE_KIND,
    formatVersion: 1 as const,
    valid: r.valid,
    errors: r.errors.map((i) => ({ file: i.file, line: i.line, column: i.column, message: i.message })),
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
