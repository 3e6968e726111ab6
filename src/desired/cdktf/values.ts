// Reading single values out of Terraform JSON: numbers, literal strings, and the few expressions the
// reader understands. Everything else that Terraform would evaluate at plan time is an unresolved
// token for zitadel-lockout, which reads the JSON as it is and never runs Terraform.
import { UINT32_MAX } from "../../model.js";
import { isLockoutCount } from "../../rules.js";
import { closestMatch } from "../did-you-mean.js";

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

export const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A Terraform template: `${…}` interpolation or `%{…}` directive (`$${` is an escaped literal). */
export const isExpression = (s: string): boolean => /(?<!\$)\$\{|(?<!%)%\{/.test(s);

const TOKEN_HINT = "zitadel-lockout reads the synthesized JSON without running Terraform, so values must be literals";

/** cdktf encodes an unresolved number token as a huge negative double (about -1.8881545897087626e+289). */
const looksLikeNumberToken = (n: number): boolean => n < -1e280;

/** max_password_attempts / max_otp_attempts: an integer 0..UINT32_MAX, as a JSON number or digit string. */
export function parseAttempts(attribute: string, value: unknown): Parsed<number> {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && isExpression(value))
    return fail(`${attribute} is an unresolved Terraform expression ${JSON.stringify(value)}: ${TOKEN_HINT}`);
  else if (typeof value === "string" && /^\d+$/.test(value)) n = Number(value);
  else return fail(`${attribute} must be an integer from 0 to ${UINT32_MAX}, got ${JSON.stringify(value)}`);
  if (looksLikeNumberToken(n)) return fail(`${attribute} is an unresolved CDKTF number token: ${TOKEN_HINT}`);
  if (!isLockoutCount(n))
    return fail(`${attribute} must be an integer from 0 to ${UINT32_MAX} (0 = never lock), got ${n}`);
  return ok(n);
}

/** A non-empty literal string (org ids and names). */
export function parseLiteralString(attribute: string, value: unknown): Parsed<string> {
  if (typeof value !== "string" || value.length === 0)
    return fail(`${attribute} must be a non-empty string, got ${JSON.stringify(value)}`);
  if (isExpression(value))
    return fail(`${attribute} is an unresolved Terraform expression ${JSON.stringify(value)}: ${TOKEN_HINT}`);
  // In Terraform's JSON (and HCL) strings `$${` and `%%{` are the escaped, literal `${` and `%{`.
  return ok(value.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{"));
}

/** A literal text as a Terraform string: `${` and `%{` escaped, so Terraform reads it as text. */
export const templateEscaped = (text: string): string =>
  text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");

// `${data.zitadel_orgs.NAME.ids[0]}` (hand-written) or `${element(data.zitadel_orgs.NAME.ids, 0)}`
// (what cdktf writes for Fn.element): the first id of a zitadel_orgs lookup.
const LOOKUP_IDS = /data\.zitadel_orgs\.([A-Za-z_][\w-]*)\.ids/.source;
const ORG_LOOKUP_REFERENCE = new RegExp(
  /^\$\{\s*/.source +
    `(?:${/element\(\s*/.source}${LOOKUP_IDS}${/\s*,\s*0\s*\)/.source}|${LOOKUP_IDS}${/\[0\]/.source})` +
    /\s*\}$/.source,
);

/** The data source name when `value` is a reference to a zitadel_orgs lookup's first id. */
export function orgLookupReference(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = ORG_LOOKUP_REFERENCE.exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

const ORG_RESOURCE_REFERENCE = /^\$\{\s*zitadel_org\.([A-Za-z_][\w-]*)\.id\s*\}$/;

/** The resource name when `value` is `${zitadel_org.NAME.id}`: an org the same module creates. */
export function orgResourceReference(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return ORG_RESOURCE_REFERENCE.exec(value)?.[1];
}

/** " (did you mean x?)" for a near miss among the known names (the YAML front-end's matcher), else "". */
export function didYouMean(name: string, known: readonly string[]): string {
  const match = closestMatch(name, known);
  return match ? ` (did you mean ${match}?)` : "";
}
