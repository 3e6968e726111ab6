// The one place where failures become exit codes and messages (README.md#commands).
import {
  ApiError,
  capIssueLines,
  ConfigError,
  formatIssue,
  PermissionError,
  PlanFileError,
  ResolveError,
  StalePlanError,
  UsageError,
  type ExitCode,
} from "../errors.js";
import type { Io } from "./io.js";

export function reportError(err: unknown, io: Io): ExitCode {
  if (err instanceof StalePlanError) {
    io.stderr(`error: ${err.message}\n`);
    // What next: a saved plan can never become valid again, and re-applying blindly is what exit 4 guards against.
    io.stderr(
      "Review the new state first: run zitadel-lockout plan again (with --out PLANFILE to save it), then " +
        "apply that plan.\n",
    );
    return 4;
  }
  if (err instanceof ConfigError) {
    io.stderr(capIssueLines(err.issues.map(formatIssue)).join("\n") + "\n");
    return 1;
  }
  if (
    err instanceof UsageError ||
    err instanceof ApiError ||
    err instanceof ResolveError ||
    err instanceof PlanFileError ||
    err instanceof PermissionError
  ) {
    io.stderr(`error: ${err.message}\n`);
    return 1;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr(`error: unexpected failure: ${message}\n`);
  return 1;
}
