// One lockout policy out of a synthesized stack: a zitadel_default_lockout_policy or
// zitadel_lockout_policy resource block, or an entry of the zitadel-lockout record (record.ts).
// Each function reports problems through the context and returns undefined when the policy is unusable.
import type { FieldOrigins, OrgRef, Origin, SettingName, SettingsPatch } from "../../model.js";
import { judgeOrgEntry, numbersSet, type OrgEntryVerdict } from "../../rules.js";
import {
  EXACT_NAME_METHOD,
  INSTANCE_POLICY_ATTRIBUTES,
  INSTANCE_POLICY_TYPE,
  META_ARGUMENTS,
  ORG_LOOKUP_ATTRIBUTES,
  ORG_LOOKUP_TYPE,
  ORG_POLICY_ATTRIBUTES,
  ORG_TYPE,
  PROVIDER_NAME,
} from "./provider-schema.js";
import {
  didYouMean,
  isRecord,
  orgLookupReference,
  orgResourceReference,
  parseAttempts,
  parseLiteralString,
  type Parsed,
} from "./values.js";

/** A policy as declared, before duplicates across the whole app are checked. */
export type DeclaredPolicy =
  | { readonly target: "instance"; readonly settings: SettingsPatch; readonly fieldOrigins: FieldOrigins }
  | {
      readonly target: "org";
      readonly ref: OrgRef;
      readonly mode: "custom";
      readonly settings: SettingsPatch;
      readonly fieldOrigins: FieldOrigins;
    }
  | { readonly target: "org"; readonly ref: OrgRef; readonly mode: "inherit" };

export interface PolicyContext {
  readonly origin: Origin;
  /** Where a field of this block is written (its attribute or record key). */
  readonly fieldOrigin: (key: string) => Origin;
  /** The data.zitadel_orgs blocks of the same document (or module), by name. */
  readonly orgLookups: Readonly<Record<string, unknown>>;
  /** The zitadel_org resources of the same module, by name (HCL modules; empty for cdktf stacks). */
  readonly orgResources?: Readonly<Record<string, unknown>>;
  readonly problem: (message: string) => void;
}

const SETTING_ATTRIBUTES: readonly (readonly [SettingName, string])[] = [
  ["maxPasswordAttempts", "max_password_attempts"],
  ["maxOtpAttempts", "max_otp_attempts"],
];

function take<T>(parsed: Parsed<T>, ctx: PolicyContext): T | undefined {
  if (parsed.ok) return parsed.value;
  ctx.problem(parsed.problem);
  return undefined;
}

/** count / for_each / provider aliases make one block stand for several policies or another server. */
function checkMetaArguments(body: Readonly<Record<string, unknown>>, ctx: PolicyContext): boolean {
  let usable = true;
  for (const meta of ["count", "for_each"] as const) {
    if (meta in body) {
      ctx.problem(
        `${meta} is not supported: zitadel-lockout needs one block per policy (declare one construct per org)`,
      );
      usable = false;
    }
  }
  if ("provider" in body && body.provider !== PROVIDER_NAME) {
    ctx.problem(
      `provider ${JSON.stringify(body.provider)} is not supported: zitadel-lockout plans against one server ` +
        "(--url / ZITADEL_URL), so every policy must use the default zitadel provider",
    );
    usable = false;
  }
  return usable;
}

/** A zitadel_default_lockout_policy or zitadel_lockout_policy resource body. */
export function readPolicyResource(type: string, body: unknown, ctx: PolicyContext): DeclaredPolicy | undefined {
  if (!isRecord(body)) {
    ctx.problem("a resource block must be a JSON object");
    return undefined;
  }
  const attributes: readonly string[] =
    type === INSTANCE_POLICY_TYPE ? INSTANCE_POLICY_ATTRIBUTES : ORG_POLICY_ATTRIBUTES;
  let usable = checkMetaArguments(body, ctx);
  for (const key of Object.keys(body)) {
    if (key === "//" || attributes.includes(key) || (META_ARGUMENTS as readonly string[]).includes(key)) continue;
    ctx.problem(
      `unknown attribute ${key}${didYouMean(key, attributes)}: the official provider's ${type} does not have it`,
    );
    usable = false;
  }
  if (!("max_password_attempts" in body)) {
    ctx.problem(`max_password_attempts is required by the official provider's ${type}`);
    usable = false;
  }
  const read = readSettings(body, ctx, (attribute) => attribute);
  if (!read) usable = false;
  if (type === INSTANCE_POLICY_TYPE) return usable && read ? { target: "instance", ...read } : undefined;
  const ref = readOrgId(body.org_id, ctx);
  return usable && read && ref ? { target: "org", ref, mode: "custom", ...read } : undefined;
}

/** Both settings of a block; `keyOf` maps a Terraform attribute name to the key used in this block. */
function readSettings(
  body: Readonly<Record<string, unknown>>,
  ctx: PolicyContext,
  keyOf: (attribute: string, setting: SettingName) => string,
): { settings: SettingsPatch; fieldOrigins: FieldOrigins } | undefined {
  const settings: { [K in SettingName]?: number } = {};
  const fieldOrigins: { [K in SettingName]?: Origin } = {};
  let usable = true;
  for (const [setting, attribute] of SETTING_ATTRIBUTES) {
    const key = keyOf(attribute, setting);
    if (body[key] === undefined) continue;
    const value = take(parseAttempts(key, body[key]), ctx);
    if (value === undefined) usable = false;
    else [settings[setting], fieldOrigins[setting]] = [value, ctx.fieldOrigin(key)];
  }
  return usable ? { settings, fieldOrigins } : undefined;
}

function readOrgId(value: unknown, ctx: PolicyContext): OrgRef | undefined {
  if (value === undefined) {
    ctx.problem(
      "org_id is required: without it the provider uses the organization of its own service account, " +
        "which zitadel-lockout cannot know",
    );
    return undefined;
  }
  const lookup = orgLookupReference(value);
  if (lookup !== undefined) return take(readOrgLookup(lookup, ctx.orgLookups[lookup]), ctx);
  const created = orgResourceReference(value);
  if (created !== undefined && ctx.orgResources) return take(readOrgResource(created, ctx.orgResources[created]), ctx);
  const id = take(parseLiteralString("org_id", value), ctx);
  return id === undefined ? undefined : { kind: "id", id };
}

/** data.zitadel_orgs.NAME as an exact-name lookup: the same as a YAML `name:`. */
function readOrgLookup(name: string, body: unknown): Parsed<OrgRef> {
  const address = `data.${ORG_LOOKUP_TYPE}.${name}`;
  if (!isRecord(body)) return { ok: false, problem: `org_id refers to ${address}, which this stack does not declare` };
  for (const key of ["count", "for_each", "domain", "domain_method", "state"]) {
    if (key in body)
      return { ok: false, problem: `${address} sets ${key}: zitadel-lockout resolves orgs by their exact name only` };
  }
  // Through another provider configuration the lookup would find the org on another server.
  if ("provider" in body && body.provider !== PROVIDER_NAME)
    return {
      ok: false,
      problem:
        `${address} uses provider ${JSON.stringify(body.provider)}: zitadel-lockout looks orgs up on the ` +
        `one server it plans against, so the lookup must use the default zitadel provider`,
    };
  const known: readonly string[] = [...ORG_LOOKUP_ATTRIBUTES, ...META_ARGUMENTS, "//"];
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined)
    return {
      ok: false,
      problem:
        `${address} has an unknown attribute ${unknown}${didYouMean(unknown, ORG_LOOKUP_ATTRIBUTES)}: the ` +
        `official provider's ${ORG_LOOKUP_TYPE} does not have it`,
    };
  if (body.name_method !== EXACT_NAME_METHOD) {
    return {
      ok: false,
      problem:
        `${address} must set name_method = "${EXACT_NAME_METHOD}" (the provider's default ignores case): ` +
        "zitadel-lockout matches org names exactly",
    };
  }
  const parsed = parseLiteralString(`${address}.name`, body.name);
  return parsed.ok ? { ok: true, value: { kind: "name", name: parsed.value } } : parsed;
}

/**
 * zitadel_org.NAME.id: an org the same module creates. zitadel-lockout creates no orgs; it finds this one
 * by the exact name the resource gives it, so the org must exist (Terraform creates it) before a plan.
 */
function readOrgResource(name: string, body: unknown): Parsed<OrgRef> {
  const address = `${ORG_TYPE}.${name}`;
  if (!isRecord(body)) return { ok: false, problem: `org_id refers to ${address}, which this module does not declare` };
  for (const key of ["count", "for_each"]) {
    if (key in body)
      return {
        ok: false,
        problem: `org_id refers to ${address}, which sets ${key}: zitadel-lockout needs one org per policy`,
      };
  }
  if ("provider" in body && body.provider !== PROVIDER_NAME)
    return {
      ok: false,
      problem:
        `${address} uses provider ${JSON.stringify(body.provider)}: zitadel-lockout looks orgs up on the ` +
        `one server it plans against`,
    };
  const parsed = parseLiteralString(`${address}.name`, body.name);
  return parsed.ok ? { ok: true, value: { kind: "name", name: parsed.value } } : parsed;
}

const RECORD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  instance: ["target", "maxPasswordAttempts", "maxOtpAttempts"],
  org: ["target", "orgId", "orgName", "mode", "maxPasswordAttempts", "maxOtpAttempts"],
  invalid: ["target", "problems"],
};

/** One entry of the zitadel-lockout record (record.ts). */
export function readRecordedPolicy(entry: unknown, ctx: PolicyContext): DeclaredPolicy | undefined {
  if (!isRecord(entry) || typeof entry.target !== "string" || !(entry.target in RECORD_FIELDS)) {
    ctx.problem(`not a zitadel-lockout policy record: ${JSON.stringify(entry)}`);
    return undefined;
  }
  const fields = RECORD_FIELDS[entry.target]!;
  const unknown = Object.keys(entry).filter((k) => !fields.includes(k));
  for (const key of unknown)
    ctx.problem(`unknown field ${key}${didYouMean(key, fields)} in the zitadel-lockout record`);
  if (entry.target === "invalid") {
    const problems = Array.isArray(entry.problems) ? entry.problems : [];
    for (const p of problems) ctx.problem(String(p));
    if (problems.length === 0) ctx.problem("the construct's props were invalid");
    return undefined;
  }
  const read = readSettings(entry, ctx, (_attribute, setting) => setting);
  let usable = unknown.length === 0 && read !== undefined;
  // Neither number and no inherit: an error, as in YAML (the constructs refuse such props as well).
  const nothing = (what: string): undefined => void ctx.problem(`nothing to manage; ${what}`);
  if (entry.target === "instance") {
    if (usable && read && numbersSet(read.settings).length === 0)
      return nothing("set maxPasswordAttempts and/or maxOtpAttempts");
    return usable && read ? { target: "instance", ...read } : undefined;
  }

  const verdict = judgeOrgEntry({
    hasId: entry.orgId !== undefined,
    hasName: entry.orgName !== undefined,
    inherit: entry.mode === "inherit",
    // What the entry writes, usable or not: a misspelt number beside inherit still contradicts it.
    numbers: numbersSet(entry),
  });
  const ref = readRecordedOrgRef(entry, verdict, ctx);
  if (entry.mode === "inherit") {
    if (verdict.besideInherit.length > 0) {
      ctx.problem("inherit excludes maxPasswordAttempts and maxOtpAttempts");
      usable = false;
    }
    return usable && ref ? { target: "org", ref, mode: "inherit" } : undefined;
  }
  if (entry.mode !== "custom") {
    ctx.problem(`mode must be "inherit" or "custom", got ${JSON.stringify(entry.mode)}`);
    return undefined;
  }
  if (usable && read && ref && verdict.managesNothing)
    return nothing("set mode inherit, or maxPasswordAttempts and/or maxOtpAttempts");
  return usable && read && ref ? { target: "org", ref, mode: "custom", ...read } : undefined;
}

function readRecordedOrgRef(
  entry: Readonly<Record<string, unknown>>,
  verdict: OrgEntryVerdict,
  ctx: PolicyContext,
): OrgRef | undefined {
  if (verdict.naming === "both" || verdict.naming === "neither") {
    ctx.problem("exactly one of orgId and orgName is required");
    return undefined;
  }
  if (entry.orgId !== undefined) {
    const id = take(parseLiteralString("orgId", entry.orgId), ctx);
    return id === undefined ? undefined : { kind: "id", id };
  }
  const name = take(parseLiteralString("orgName", entry.orgName), ctx);
  return name === undefined ? undefined : { kind: "name", name };
}
