// `export --format terraform | terraform-json`: the live state as a Terraform module for the official
// ZITADEL provider, in HCL or in JSON syntax. Orgs are looked up by name with zitadel_orgs (exact match),
// and `import` blocks make `terraform plan` adopt the existing custom policies instead of creating them.
// `zitadel-lockout plan --terraform` reads the module back to exactly this state (no changes).
// Provider facts behind the shape (import ID formats, why the instance default has no import block):
// docs/terraform.md.
import { PROVIDER_VERSION as LOWEST_PROVIDER_VERSION } from "../desired/cdktf/provider-schema.js";
import type { LockoutSettings } from "../model.js";
import type { ExportedOrg, ExportInput } from "./export-yaml.js";
import { printable } from "./view.js";

/** The same read as the YAML export: one input, two renderings. */
export type TerraformExportInput = ExportInput;

const NAME_METHOD = "TEXT_QUERY_METHOD_EQUALS";
const PROVIDER_VERSION = `>= ${LOWEST_PROVIDER_VERSION}`;

interface ExportedPolicy {
  readonly org: ExportedOrg & { readonly settings: LockoutSettings };
  /** The Terraform name of the resource (and of its lookup). */
  readonly name: string;
  /** false: the org's name is shared with another org (legacy data), so it is referred to by id. */
  readonly byName: boolean;
}

/** Provider settings that point the provider at `server` (the Terraform reader derives the same URL back). */
function providerOf(server: string): Record<string, string | boolean> {
  const url = new URL(server);
  return {
    domain: url.hostname,
    ...(url.port ? { port: url.port } : {}),
    ...(url.protocol === "http:" ? { insecure: true } : {}),
  };
}

/** A Terraform identifier from an org name: letters, digits, _ and -, starting with a letter or _. */
function identifier(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z_]/.test(base) ? base : `org_${base}`;
}

function policiesOf(orgs: readonly ExportedOrg[]): ExportedPolicy[] {
  const nameCount = new Map<string, number>();
  for (const o of orgs) nameCount.set(o.orgName, (nameCount.get(o.orgName) ?? 0) + 1);
  const taken = new Set<string>(["default"]);
  const out: ExportedPolicy[] = [];
  for (const org of orgs) {
    if (org.settings === null) continue;
    const byName = nameCount.get(org.orgName) === 1 && org.orgName !== "";
    let name = byName ? identifier(org.orgName) : `org_${org.orgId}`;
    for (let n = 2; taken.has(name); n++) name = `${byName ? identifier(org.orgName) : `org_${org.orgId}`}_${n}`;
    taken.add(name);
    out.push({ org: { ...org, settings: org.settings }, name, byName });
  }
  return out;
}

function headerLines(input: TerraformExportInput): string[] {
  const custom = input.orgs.filter((o) => o.settings !== null).length;
  return [
    `Exported from ${oneLine(input.server)} by zitadel-lockout ${input.toolVersion} at ${input.now.toISOString()}.`,
    `${custom} of ${input.orgs.length} orgs have a custom lockout policy; ` +
      (input.scope === "all"
        ? "the others are listed under locals.zitadel_lockout.inherit."
        : "orgs that inherit the instance default are not listed (--orgs all lists them)."),
    "terraform plan adopts the org policies through the import blocks;",
    "zitadel-lockout plan --terraform finds no changes.",
    "The instance default has no import block: Terraform refuses an empty import ID and the provider accepts",
    "only an empty one. Creating the resource writes the values it already has, which the provider treats as done.",
    "Add the provider's credentials (jwt_profile_file, access_token, …) before running terraform.",
  ];
}

// ---------------------------------------------------------------------------------------------
// HCL

/** An HCL string literal: JSON's escapes that HCL shares, \uXXXX for other control characters, and
 *  ${ / %{ doubled so a name is never read as an interpolation or directive. */
export function hclString(text: string): string {
  // oxlint-disable-next-line no-control-regex -- escaping control characters is what this expression is for
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${templateEscaped(escaped)}"`;
}

/** Terraform reads `${` and `%{` in a string (HCL or JSON syntax) as a template: doubled, they are text. */
const templateEscaped = (text: string): string => text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");

/** `key = value` lines with the `=` aligned, as terraform fmt writes them. */
function attributes(entries: readonly (readonly [string, string])[], indent = "  "): string[] {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

const block = (header: string, lines: readonly string[]): string => `${header} {\n${lines.join("\n")}\n}\n`;

export function renderExportHcl(input: TerraformExportInput): string {
  const policies = policiesOf(input.orgs);
  const provider = Object.entries(providerOf(input.server)).map(([k, v]): [string, string] => [
    k,
    typeof v === "string" ? hclString(v) : String(v),
  ]);
  const required = attributes(
    [
      ["source", hclString("zitadel/zitadel")],
      ["version", hclString(PROVIDER_VERSION)],
    ],
    "      ",
  );
  const parts: string[] = [
    headerLines(input)
      .map((l) => `# ${l}`)
      .join("\n") + "\n",
    block("terraform", ["  required_providers {", "    zitadel = {", ...required, "    }", "  }"]),
    block('provider "zitadel"', attributes(provider)),
    block('resource "zitadel_default_lockout_policy" "default"', settingsLines(input.instance)),
  ];
  for (const p of policies) {
    const lookup = attributes([
      ["name", hclString(p.org.orgName)],
      ["name_method", hclString(NAME_METHOD)],
    ]);
    parts.push(
      `# ${oneLine(p.org.orgName)} (${p.org.orgId})\n` +
        (p.byName ? block(`data "zitadel_orgs" "${p.name}"`, lookup) : ""),
    );
    parts.push(
      block(
        "import",
        attributes([
          ["to", `zitadel_lockout_policy.${p.name}`],
          ["id", hclString(p.org.orgId)],
        ]),
      ),
    );
    const orgId = p.byName ? `data.zitadel_orgs.${p.name}.ids[0]` : hclString(p.org.orgId);
    const body = attributes([["org_id", orgId], ...settingsEntries(p.org.settings)]);
    parts.push(block(`resource "zitadel_lockout_policy" "${p.name}"`, body));
  }
  const inheriting = input.scope === "all" ? input.orgs.filter((o) => o.settings === null) : [];
  if (inheriting.length > 0) {
    const entries = inheriting.map((o) => `      { org_id = ${hclString(o.orgId)} }, # ${oneLine(o.orgName)}`);
    parts.push(
      "# Orgs that use the instance default. Terraform cannot say this (the provider has no resource for it);\n" +
        "# zitadel-lockout reads it from this local value, which Terraform evaluates and nothing uses.\n" +
        block("locals", ["  zitadel_lockout = {", "    inherit = [", ...entries, "    ]", "  }"]),
    );
  }
  return parts.join("\n");
}

const settingsEntries = (s: LockoutSettings): [string, string][] => [
  ["max_password_attempts", String(s.maxPasswordAttempts)],
  ["max_otp_attempts", String(s.maxOtpAttempts)],
];
const settingsLines = (s: LockoutSettings): string[] => attributes(settingsEntries(s));

// ---------------------------------------------------------------------------------------------
// JSON syntax (*.tf.json): the same module; comments go under "//" keys, which Terraform ignores.

export function renderExportTerraformJson(input: TerraformExportInput): string {
  const policies = policiesOf(input.orgs);
  const settings = (s: LockoutSettings) => ({
    max_password_attempts: s.maxPasswordAttempts,
    max_otp_attempts: s.maxOtpAttempts,
  });
  const lookups = Object.fromEntries(
    policies
      .filter((p) => p.byName)
      .map((p) => [
        p.name,
        { "//": `${p.org.orgName} (${p.org.orgId})`, name: templateEscaped(p.org.orgName), name_method: NAME_METHOD },
      ]),
  );
  const orgPolicies = Object.fromEntries(
    policies.map((p) => {
      const orgId = p.byName ? `\${data.zitadel_orgs.${p.name}.ids[0]}` : p.org.orgId;
      return [p.name, { org_id: orgId, ...settings(p.org.settings) }];
    }),
  );
  const inheriting = input.scope === "all" ? input.orgs.filter((o) => o.settings === null) : [];
  const doc = {
    "//": headerLines(input).join(" "),
    terraform: { required_providers: { zitadel: { source: "zitadel/zitadel", version: PROVIDER_VERSION } } },
    provider: { zitadel: providerOf(input.server) },
    ...(lookups && Object.keys(lookups).length > 0 ? { data: { zitadel_orgs: lookups } } : {}),
    ...(policies.length > 0
      ? { import: policies.map((p) => ({ to: `zitadel_lockout_policy.${p.name}`, id: p.org.orgId })) }
      : {}),
    resource: {
      zitadel_default_lockout_policy: { default: settings(input.instance) },
      ...(policies.length > 0 ? { zitadel_lockout_policy: orgPolicies } : {}),
    },
    ...(inheriting.length > 0
      ? { locals: { zitadel_lockout: { inherit: inheriting.map((o) => ({ org_id: o.orgId })) } } }
      : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A comment ends at the line break; control characters are shown as escapes (like the YAML export). */
const oneLine = (text: string): string => printable(text.replace(/[\r\n]+/g, " "));
