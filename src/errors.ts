// Typed errors. Every failure the tool reports is one of these; cli/ maps them to exit codes in one place.
import type { Origin, TargetId } from "./model.js";

/** One problem in a config file, at a position. */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export const formatIssue = (i: ConfigIssue): string => `${i.file}:${i.line}:${i.column}: ${i.message}`;

/** A text report lists this many problems, then how many more there are: 100,000 lines help nobody. */
export const MAX_REPORTED_ISSUES = 100;

/** The first MAX_REPORTED_ISSUES of `lines`, then "… and K more …" when there are more. */
export function capIssueLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_REPORTED_ISSUES) return [...lines];
  const more = lines.length - MAX_REPORTED_ISSUES;
  return [
    ...lines.slice(0, MAX_REPORTED_ISSUES),
    `… and ${more} more problem${more === 1 ? "" : "s"} (only the first ${MAX_REPORTED_ISSUES} are listed)`,
  ];
}

/** Bad configuration: carries every issue found in every file, never only the first. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(capIssueLines(issues.map(formatIssue)).join("\n"));
  }
  static at(origin: Origin, message: string): ConfigError {
    return new ConfigError([{ ...origin, message }]);
  }
}

/** Wrong command-line use (unknown flag, missing --auto-approve without a terminal, conflicting options). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An HTTP/gRPC-gateway error from ZITADEL (or from a proxy in front of it). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly info: {
      readonly method: string;
      readonly path: string;
      /** HTTP status; 0 when no response arrived (connection error, timeout). */
      readonly status: number;
      /** gRPC code from the JSON body, when there was one. */
      readonly code?: number;
      /** ZITADEL's ErrorDetail id, e.g. ORG-0JFSr. */
      readonly id?: string;
      /** The server's message, or a short description of a non-JSON body. */
      readonly serverMessage: string;
      /** The org the request was about (x-zitadel-orgid), if any. */
      readonly orgId?: string;
      /**
       * Which kind of credential the request carried, when the client knows (hints differ: a PAT cannot be renewed).
       */
      readonly credentialKind?: "pat" | "key-file" | "client-credentials";
    },
  ) {
    super(
      `${info.method} ${info.path}${info.orgId ? ` (org ${info.orgId})` : ""}: ` +
        (info.status ? `HTTP ${info.status}` : "no response") +
        (info.code !== undefined ? `, code ${info.code}` : "") +
        `: ${info.serverMessage}`,
    );
  }
}

/** A desired org reference that cannot be resolved to exactly one org. */
export class ResolveError extends Error {
  override readonly name = "ResolveError";
  constructor(
    message: string,
    readonly origin?: Origin,
  ) {
    super(origin ? `${origin.file}:${origin.line}:${origin.column}: ${message}` : message);
  }

  /**
   * All problems in one error, in file and line order, so that a config with five bad references is fixed in one round.
   */
  static combine(problems: readonly ResolveError[]): ResolveError {
    if (problems.length === 1) return problems[0]!;
    const key = (e: ResolveError) =>
      (e.origin ? [e.origin.file, e.origin.line, e.origin.column] : ["\uffff", 0, 0]) as [string, number, number];
    const sorted = [...problems].sort((a, b) => {
      const [fa, la, ca] = key(a);
      const [fb, lb, cb] = key(b);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
    });
    return new ResolveError(
      `${problems.length} problems with the organizations the config names:\n` +
        `${sorted.map((e) => `  ${e.message.replace(/\n/g, "\n  ")}`).join("\n")}`,
    );
  }
}

export interface StaleTarget {
  readonly target: TargetId;
  readonly expected: { readonly sequence: string; readonly inherited: boolean };
  readonly found: { readonly sequence: string; readonly inherited: boolean };
}

/** The server changed since the plan was made. Thrown before any write. */
export class StalePlanError extends Error {
  override readonly name = "StalePlanError";
  constructor(readonly targets: readonly StaleTarget[]) {
    super(
      "the plan is stale: the server changed since it was made; nothing was written\n" +
        targets
          .map(
            (t) =>
              `  ${t.target}: expected sequence ${t.expected.sequence}${t.expected.inherited ? " (inherited)" : ""}, ` +
              `found ${t.found.sequence}${t.found.inherited ? " (inherited)" : ""}`,
          )
          .join("\n"),
    );
  }
}

/** A change the credentials may not make: the target, and the permission it needs. */
export interface MissingPermission {
  readonly target: TargetId;
  readonly orgName?: string;
  /** What the write does, e.g. "updating an org's custom lockout policy". */
  readonly action: string;
  readonly permission: string;
  readonly grantedBy: string;
}

/** Apply found, before any write, changes the credentials may not make: nothing was written. */
export class PermissionError extends Error {
  override readonly name = "PermissionError";
  constructor(readonly missing: readonly MissingPermission[]) {
    super(
      `the credentials may not make ` +
        `${missing.length === 1 ? "this change" : `these ${missing.length} changes`}; nothing was written\n` +
        missing
          .map(
            (m) =>
              `  ${m.target}${m.orgName !== undefined ? ` (${m.orgName})` : ""}: ${m.action} needs ` +
              `${m.permission}, granted by ${m.grantedBy}`,
          )
          .join("\n"),
    );
  }
}

/** A plan file that cannot be used: unknown format, another server, broken JSON. */
export class PlanFileError extends Error {
  override readonly name = "PlanFileError";
}

export type ExitCode = 0 | 1 | 2 | 3 | 4;

/**
 * Why a saved document (plan file, journal) is not JSON, without quoting it: JSON.parse's own message
 * quotes the text around the error, and a wrong file given by mistake (`apply .env`) may hold a token.
 */
export const jsonProblem = (text: string): string =>
  text.trim() === ""
    ? "the file is empty"
    : "it is not valid JSON (its contents are not shown: a file given by mistake may hold secrets)";

/** A format version as it may be shown: a number as written, anything else only by its type. */
export const shownVersion = (v: unknown): string =>
  typeof v === "number" && Number.isFinite(v) ? String(v) : `of type ${v === null ? "null" : typeof v}`;
