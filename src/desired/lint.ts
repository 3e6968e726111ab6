// Lint rules: settings that are valid but probably not what a team wants. Stable ids (they are
// waived by id under `lint.ignore` and listed in the JSON schema's enum), one severity each.
// Warnings inform; an "error" rule fails validate and plan unless it is waived.
import {
  formatOrgRef,
  type DesiredState,
  type FieldOrigins,
  type Origin,
  type SettingName,
  type SettingsPatch,
} from "../model.js";

export type LintSeverity = "warning" | "error";

export interface LintFinding {
  readonly rule: string;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly origin?: Origin;
}

export const LINT_RULES = [
  {
    id: "password-lockout-disabled",
    severity: "warning",
    summary:
      "maxPasswordAttempts: 0 (never lock) on the instance or a custom org: passwords can be guessed without limit",
  },
  {
    id: "otp-lockout-disabled",
    severity: "warning",
    summary:
      "maxOtpAttempts: 0 while password lockout is on: one-time codes can be guessed without limit, which " +
      "turns a stolen password into a full login (advisory GHSA-7j7j-66cv-m239, CVE-2024-32868)",
  },
  {
    id: "lockout-threshold-too-low",
    severity: "warning",
    summary:
      "a limit of 1 or 2: ordinary typos lock real users out, and a locked-out manager needs another " +
      "manager, or the vendor's support, to get back in",
  },
  {
    id: "org-weaker-than-instance",
    severity: "warning",
    summary: "a custom org policy allows more attempts than the instance default it replaces",
  },
  {
    id: "prune-without-protect",
    severity: "warning",
    summary:
      "prune is enabled with an empty protect list: every unlisted org with a custom policy is reset, " +
      "including break-glass or legacy orgs",
  },
  {
    id: "prune-resets-every-org",
    severity: "error",
    summary:
      "prune is enabled, no org is listed and nothing is protected: apply would reset every custom org " +
      "policy on the instance",
  },
  {
    id: "terraform-otp-omitted",
    severity: "warning",
    summary:
      "a Terraform lockout resource without max_otp_attempts: zitadel-lockout keeps the live (or " +
      "inherited) OTP limit, while the official provider creates the policy with max_otp_attempts = 0 " +
      "(never lock)",
  },
  {
    id: "terraform-lifecycle-ignored",
    severity: "warning",
    summary:
      "lifecycle on a Terraform lockout resource (ignore_changes, prevent_destroy, …) is Terraform's: " +
      "zitadel-lockout corrects every attribute the block sets",
  },
  {
    id: "terraform-removed-not-reset",
    severity: "warning",
    summary:
      "a Terraform removed block (or a deleted resource) resets an org policy when Terraform destroys it; " +
      "zitadel-lockout never resets an org it is not told about: declare the org in " +
      "locals.zitadel_lockout.inherit",
  },
  {
    // Checked by plan and apply against the server (who may unlock whom), never by lintDesired: it is
    // listed here so that lint.ignore accepts it like every other rule (docs/recovery-check.md).
    id: "no-recovery-path",
    severity: "error",
    summary:
      "a change makes lockout stricter where no one but the tool itself could unlock a locked manager (no " +
      "active service user, and fewer than two active humans, with user.write there or on the instance); " +
      "apply refuses it",
  },
] as const satisfies readonly { readonly id: string; readonly severity: LintSeverity; readonly summary: string }[];

export type LintRuleId = (typeof LINT_RULES)[number]["id"];
export const LINT_RULE_IDS: readonly string[] = LINT_RULES.map((r) => r.id);

const severityOf = (id: LintRuleId): LintSeverity => LINT_RULES.find((r) => r.id === id)!.severity;

interface LintTarget {
  readonly label: string;
  readonly settings: SettingsPatch;
  readonly origin: Origin;
  readonly fieldOrigins?: FieldOrigins;
  readonly isOrg: boolean;
}

const WHAT: Readonly<Record<SettingName, string>> = {
  maxPasswordAttempts: "wrong passwords",
  maxOtpAttempts: "wrong one-time codes",
};

/** Every finding for a desired state, minus the rules waived in `lint.ignore`, in file and line order. */
export function lintDesired(state: DesiredState): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (rule: LintRuleId, message: string, origin?: Origin) =>
    void findings.push({ rule, severity: severityOf(rule), message, ...(origin ? { origin } : {}) });
  const instance = state.instance?.settings ?? {};
  const targets: LintTarget[] = [
    ...(state.instance ? [{ label: "the instance default", ...state.instance, isOrg: false }] : []),
    ...state.orgs.flatMap((o) => (o.mode === "custom" ? [{ label: formatOrgRef(o.ref), ...o, isOrg: true }] : [])),
  ];
  for (const t of targets) {
    const at = (k: SettingName) => t.fieldOrigins?.[k] ?? t.origin;
    const { maxPasswordAttempts: pw, maxOtpAttempts: otp } = t.settings;
    if (pw === 0)
      add(
        "password-lockout-disabled",
        `${t.label}: maxPasswordAttempts: 0 never locks an account, so passwords can be guessed without limit`,
        at("maxPasswordAttempts"),
      );
    // An org without its own password limit gets the configured instance value when its policy is created.
    const passwordOn = (pw ?? (t.isOrg ? instance.maxPasswordAttempts : undefined) ?? 0) > 0;
    if (otp === 0 && passwordOn) {
      add(
        "otp-lockout-disabled",
        `${t.label}: maxOtpAttempts: 0 never locks on wrong one-time codes while password lockout is on, ` +
          `so a guessed or leaked password plus unlimited OTP guesses bypasses MFA (GHSA-7j7j-66cv-m239)`,
        at("maxOtpAttempts"),
      );
    }
    for (const k of ["maxPasswordAttempts", "maxOtpAttempts"] as const) {
      const v = t.settings[k];
      if (v === 1 || v === 2) {
        add(
          "lockout-threshold-too-low",
          `${t.label}: ${k}: ${v} locks an account after ${v} ${WHAT[k]}; typos will lock real users out, ` +
            `and a locked-out manager needs another manager, or the vendor's support, to get back in`,
          at(k),
        );
      }
      const base = instance[k];
      if (t.isOrg && v !== undefined && base !== undefined && base > 0 && v > base) {
        add(
          "org-weaker-than-instance",
          `${t.label}: ${k}: ${v} allows more ${WHAT[k]} than the instance default (${base})`,
          at(k),
        );
      }
    }
  }
  const { prune } = state;
  if (prune.enabled && prune.protect.length === 0) {
    if (state.orgs.length === 0) {
      add(
        "prune-resets-every-org",
        "prune is enabled, no org is listed and prune.protect is empty: apply would reset every custom " +
          "org policy on the instance",
        prune.origin,
      );
    } else {
      add(
        "prune-without-protect",
        "prune is enabled and prune.protect is empty: every org not listed under orgs loses its custom " +
          "policy; protect break-glass or legacy orgs",
        prune.origin,
      );
    }
  }
  for (const f of state.sourceFindings ?? []) {
    if ((LINT_RULE_IDS as readonly string[]).includes(f.rule)) add(f.rule as LintRuleId, f.message, f.origin);
  }
  const ignored = new Set(state.lintIgnore);
  const fileOrder = (o?: Origin) => (o ? state.sources.indexOf(o.file) : -1);
  return findings
    .filter((f) => !ignored.has(f.rule))
    .sort(
      (a, b) =>
        fileOrder(a.origin) - fileOrder(b.origin) ||
        (a.origin?.line ?? 0) - (b.origin?.line ?? 0) ||
        (a.origin?.column ?? 0) - (b.origin?.column ?? 0),
    );
}
