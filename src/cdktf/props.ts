// The constructs' props (docs/cdktf.md, contract) and their validation. Pure: the token test is passed
// in, so this file needs neither cdktf nor constructs. Every problem is returned, never only the first.
import { SETTING_NAMES, UINT32_MAX } from "../model.js";
import { isLockoutCount, judgeOrgEntry, numbersSet } from "../rules.js";
import { didYouMean } from "../desired/cdktf/values.js";

export interface InstanceLockoutPolicyProps {
  /** Failed password checks before a user is locked; 0 = never lock. Omitted: left as the server has it. */
  readonly maxPasswordAttempts?: number;
  /** Failed one-time-code checks before a user is locked; 0 = never lock. Omitted: left as the server has it. */
  readonly maxOtpAttempts?: number;
}

export interface OrgLockoutPolicyProps {
  /** The org's id. Exactly one of orgId and orgName. */
  readonly orgId?: string;
  /** The org's exact name, looked up with the official provider's zitadel_orgs data source. */
  readonly orgName?: string;
  readonly maxPasswordAttempts?: number;
  readonly maxOtpAttempts?: number;
  /** true: the org has no custom policy and uses the instance default. Excludes the two numbers. */
  readonly inherit?: boolean;
}

export type IsToken = (value: unknown) => boolean;

const INSTANCE_PROPS = ["maxPasswordAttempts", "maxOtpAttempts"];
const ORG_PROPS = ["orgId", "orgName", "maxPasswordAttempts", "maxOtpAttempts", "inherit"];

const TOKEN_HINT = "zitadel-lockout reads the synthesized JSON without running Terraform";

function unknownProps(props: Readonly<Record<string, unknown>>, known: readonly string[]): string[] {
  return Object.keys(props)
    .filter((k) => !known.includes(k))
    .map((k) => `unknown prop ${k}${didYouMean(k, known)}`);
}

function settingProblems(props: Readonly<Record<string, unknown>>, isToken: IsToken): string[] {
  const problems: string[] = [];
  for (const name of SETTING_NAMES) {
    const value = props[name];
    if (value === undefined) continue;
    if (isToken(value)) problems.push(`${name} must be a literal number, not a token: ${TOKEN_HINT}`);
    else if (!isLockoutCount(value))
      problems.push(
        `${name} must be an integer from 0 to ${UINT32_MAX} (0 = never lock), got ${JSON.stringify(value)}`,
      );
  }
  return problems;
}

function asProps(props: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof props === "object" && props !== null && !Array.isArray(props)
    ? (props as Record<string, unknown>)
    : undefined;
}

const INSTANCE_NOTHING = "nothing to manage; set maxPasswordAttempts and/or maxOtpAttempts, or remove the construct";
const ORG_NOTHING = "nothing to manage; set inherit: true, or maxPasswordAttempts and/or maxOtpAttempts";

export function instancePropsProblems(props: unknown, isToken: IsToken): string[] {
  if (props === undefined) return [INSTANCE_NOTHING];
  const p = asProps(props);
  if (!p) return [`props must be an object, got ${JSON.stringify(props)}`];
  const problems = [...unknownProps(p, INSTANCE_PROPS), ...settingProblems(p, isToken)];
  // Said only for otherwise valid props: with a misspelt number, the spelling is the problem.
  // Neither number: as in YAML (`instance: {}`), an error rather than a guess.
  return problems.length === 0 && numbersSet(p).length === 0 ? [INSTANCE_NOTHING] : problems;
}

export function orgPropsProblems(props: unknown, isToken: IsToken): string[] {
  const p = asProps(props);
  if (!p) return [`props must be an object with orgId or orgName, got ${JSON.stringify(props)}`];
  const problems = [...unknownProps(p, ORG_PROPS), ...settingProblems(p, isToken)];
  const verdict = judgeOrgEntry({
    hasId: p.orgId !== undefined,
    hasName: p.orgName !== undefined,
    inherit: p.inherit === true,
    numbers: numbersSet(p),
  });
  if (verdict.naming === "both") problems.push("give either orgId or orgName, not both");
  if (verdict.naming === "neither") problems.push("orgId or orgName is required");
  if (p.orgId !== undefined)
    problems.push(...literalStringProblems("orgId", p.orgId, isToken, "use orgName to look an org up by name"));
  if (p.orgName !== undefined) problems.push(...literalStringProblems("orgName", p.orgName, isToken));
  if (p.inherit !== undefined && typeof p.inherit !== "boolean")
    problems.push(`inherit must be true or false, got ${JSON.stringify(p.inherit)}`);
  if (verdict.besideInherit.length > 0)
    problems.push("inherit: true excludes maxPasswordAttempts and maxOtpAttempts (the org uses the instance default)");
  // Said only for otherwise valid props, as for the instance.
  return problems.length === 0 && verdict.managesNothing ? [ORG_NOTHING] : problems;
}

function literalStringProblems(name: string, value: unknown, isToken: IsToken, hint?: string): string[] {
  if (isToken(value)) return [`${name} must be a literal string, not a token: ${TOKEN_HINT}${hint ? `; ${hint}` : ""}`];
  if (typeof value !== "string" || value.trim() === "")
    return [`${name} must be a non-empty string, got ${JSON.stringify(value)}`];
  return [];
}
