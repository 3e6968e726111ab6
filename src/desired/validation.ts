// What `validate` found in a config: the model its text and JSON views render from (render/validate-*.ts).
import { ConfigError, type ConfigIssue } from "../errors.js";
import type { DesiredState } from "../model.js";
import { lintDesired, type LintFinding } from "./lint.js";

export interface ValidationReport {
  readonly files: readonly string[];
  readonly errors: readonly ConfigIssue[];
  readonly findings: readonly LintFinding[];
  /** No errors, no lint errors, and no warnings when `strict`. */
  readonly valid: boolean;
  /** --strict: lint warnings fail too. */
  readonly strict: boolean;
  readonly state?: DesiredState;
}

/** Loads (YAML or CDKTF, through `load`) and lints; a bad config is a report with its issues, not an exception. */
export async function validateWith(
  load: () => Promise<DesiredState>,
  files: readonly string[],
  strict: boolean,
): Promise<ValidationReport> {
  try {
    const state = await load();
    const findings = lintDesired(state);
    const valid = !findings.some((f) => f.severity === "error" || strict);
    return { files, errors: [], findings, valid, strict, state };
  } catch (err) {
    if (err instanceof ConfigError) return { files, errors: err.issues, findings: [], valid: false, strict };
    throw err;
  }
}
