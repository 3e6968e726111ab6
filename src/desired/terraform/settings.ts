// zitadel-lockout's own settings in a Terraform module: one local value, `zitadel_lockout`, which
// Terraform evaluates and nothing uses, so the module stays valid Terraform:
//
//   locals {
//     zitadel_lockout = {
//       inherit     = [{ org_name = "Globex" }, { org_id = "300000000000000004" }]   # reset to the default
//       lint_ignore = ["terraform-otp-omitted"]                                     # like lint.ignore
//     }
//   }
//
// `inherit` is what the provider cannot say (it represents "inherits" by the absence of a resource);
// its entries become entries of the record the CDKTF constructs write (desired/cdktf/record.ts), so the
// reader treats them exactly like an OrgLockoutPolicy with inherit: true.
import type { ConfigIssue } from "../../errors.js";
import type { Origin } from "../../model.js";
import { judgeOrgEntry } from "../../rules.js";
import { closestMatch } from "../did-you-mean.js";
import { LINT_RULE_IDS } from "../lint.js";
import { RECORD_FORMAT_VERSION, RECORD_KEY, type RecordedPolicy } from "../cdktf/record.js";
import { isRecord } from "../cdktf/values.js";
import { originIn, type ModuleContent, type ModuleFile } from "./content.js";
import type { Scope } from "./expressions.js";

const SETTINGS_LOCAL = "zitadel_lockout";
const SETTINGS_KEYS = ["inherit", "lint_ignore"];

export interface ModuleSettings {
  readonly lintIgnore: readonly string[];
  /** The record entries for `inherit`, keyed like the record's policies, and where each is written. */
  readonly inherit: ReadonlyMap<string, { readonly policy: RecordedPolicy; readonly origin: Origin }>;
  /** The file that holds the local value (its document carries the record). */
  readonly file?: ModuleFile;
}

const NONE: ModuleSettings = { lintIgnore: [], inherit: new Map() };

export async function readSettings(
  content: ModuleContent,
  scope: Scope,
  issues: ConfigIssue[],
): Promise<ModuleSettings> {
  const local = content.locals.get(SETTINGS_LOCAL);
  if (!local) return NONE;
  const file = content.files.find((f) => f.display === local.origin.file);
  const at = (keys: readonly string[]): Origin =>
    file ? originIn(file, ["locals", SETTINGS_LOCAL, ...keys]) : local.origin;
  const problem = (keys: readonly string[], message: string) =>
    void issues.push({ ...at(keys), message: `local.${SETTINGS_LOCAL}: ${message}` });
  const resolved = await scope.local(SETTINGS_LOCAL);
  if (!resolved?.ok) {
    problem([], resolved ? resolved.problem : "cannot be read");
    return NONE;
  }
  const value = resolved.value;
  if (!isRecord(value)) {
    problem([], "must be an object: { inherit = [...], lint_ignore = [...] }");
    return NONE;
  }
  for (const key of Object.keys(value).filter((k) => !SETTINGS_KEYS.includes(k))) {
    const near = closestMatch(key, SETTINGS_KEYS);
    const hint = near ? ` (did you mean ${near}?)` : "";
    problem([key], `unknown setting ${key}${hint}; known: ${SETTINGS_KEYS.join(", ")}`);
  }
  const lintIgnore: string[] = [];
  for (const [i, rule] of listOf(value.lint_ignore, ["lint_ignore"], problem).entries()) {
    if (typeof rule === "string" && LINT_RULE_IDS.includes(rule)) lintIgnore.push(rule);
    else {
      const near = typeof rule === "string" ? closestMatch(rule, LINT_RULE_IDS) : undefined;
      const hint = near ? ` (did you mean ${near}?)` : "";
      problem(["lint_ignore", String(i)], `${JSON.stringify(rule)} is not a lint rule id${hint}`);
    }
  }
  const inherit = new Map<string, { policy: RecordedPolicy; origin: Origin }>();
  for (const [i, entry] of listOf(value.inherit, ["inherit"], problem).entries()) {
    const keys = ["inherit", String(i)];
    const ref = isRecord(entry) ? entry : {};
    const extra = Object.keys(ref).filter((k) => k !== "org_id" && k !== "org_name");
    const { naming } = judgeOrgEntry({
      hasId: ref.org_id !== undefined,
      hasName: ref.org_name !== undefined,
      inherit: true,
      numbers: [],
    });
    if (!isRecord(entry) || extra.length > 0 || naming === "both" || naming === "neither") {
      problem(keys, `each inherit entry is { org_name = "…" } or { org_id = "…" }, got ${JSON.stringify(entry)}`);
      continue;
    }
    const policy: RecordedPolicy =
      ref.org_id !== undefined
        ? { target: "org", orgId: ref.org_id as string, mode: "inherit" }
        : { target: "org", orgName: ref.org_name as string, mode: "inherit" };
    inherit.set(`local.${SETTINGS_LOCAL}.inherit[${i}]`, { policy, origin: at(keys) });
  }
  return { lintIgnore, inherit, ...(file ? { file } : {}) };
}

type Problem = (keys: readonly string[], message: string) => void;

function listOf(value: unknown, keys: readonly string[], problem: Problem): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problem(keys, `${keys.join(".")} must be a list`);
  return [];
}

/** The record (desired/cdktf/record.ts) that carries the inherit entries to the reader. */
export function inheritRecord(settings: ModuleSettings): unknown {
  if (settings.inherit.size === 0) return undefined;
  const policies = Object.fromEntries([...settings.inherit].map(([path, { policy }]) => [path, policy]));
  return { [RECORD_KEY]: { formatVersion: RECORD_FORMAT_VERSION, policies } };
}
