// From the module's blocks to the documents the Terraform JSON reader (desired/cdktf/reader.ts) reads:
// the lockout resources, the zitadel_orgs lookups and zitadel_org resources they refer to, and the
// zitadel provider, each with its expressions resolved. Everything else in the module is left out.
// A lockout resource that cannot be resolved is reported here, at the attribute, with the reason, and
// left out, so the reader does not report it a second time.
import type { ConfigIssue } from "../../errors.js";
import type { SourceFinding } from "../../model.js";
import {
  INSTANCE_POLICY_TYPE,
  ORG_LOOKUP_TYPE,
  ORG_POLICY_TYPE,
  ORG_TYPE,
  PROVIDER_NAME,
} from "../cdktf/provider-schema.js";
import { isRecord, orgLookupReference, orgResourceReference } from "../cdktf/values.js";
import { originIn, type Block, type Body, type ModuleContent, type ModuleFile } from "./content.js";
import { resolveValue, type Scope } from "./expressions.js";

const POLICY_TYPES = [INSTANCE_POLICY_TYPE, ORG_POLICY_TYPE];
/** Attributes of a resource that are Terraform's, not the provider's, and JSON comments: left as written. */
const UNEVALUATED = ["lifecycle", "depends_on", "provisioner", "connection", "provider", "count", "for_each", "//"];

export interface ResolvedBlock {
  readonly block: Block;
  readonly body: Body;
}

export interface ResolvedModule {
  readonly policies: readonly ResolvedBlock[];
  readonly orgLookups: readonly ResolvedBlock[];
  readonly orgResources: readonly ResolvedBlock[];
  readonly providers: readonly ResolvedBlock[];
  readonly findings: readonly SourceFinding[];
}

const address = (block: Block): string => `${block.kind === "data" ? "data." : ""}${block.labels.join(".")}`;

export async function resolveBlocks(
  content: ModuleContent,
  scope: Scope,
  issues: ConfigIssue[],
): Promise<ResolvedModule> {
  const findings: SourceFinding[] = [];
  const seen = new Map<string, Block>();
  const unique = content.blocks.filter((block) => {
    if (block.kind !== "resource" && block.kind !== "data") return true;
    const key = address(block);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, block);
      return true;
    }
    if (isRelevant(block)) {
      const at = originIn(first.file, first.keys);
      const where = `${at.file}:${at.line}:${at.column}`;
      issues.push({
        ...originIn(block.file, block.keys),
        message: `${key} is declared twice (first at ${where}); Terraform refuses the module`,
      });
    }
    return false;
  });

  // Lookups and orgs first: a policy that refers to one that cannot be resolved reports that one's reason.
  const lookupProblems = new Map<string, string>();
  const orgLookups = await resolveReferenced(unique, "data", ORG_LOOKUP_TYPE, scope, lookupProblems);
  const orgResources = await resolveReferenced(unique, "resource", ORG_TYPE, scope, lookupProblems);
  const providers: ResolvedBlock[] = [];
  for (const block of unique.filter((b) => b.kind === "provider" && b.labels[0] === PROVIDER_NAME)) {
    // The provider's server is only a default (--url, ZITADEL_URL): what cannot be resolved is left out.
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block.body)) {
      const r = key === "//" ? { ok: true as const, value } : await resolveValue(value, scope);
      if (r.ok) body[key] = r.value;
    }
    providers.push({ block, body });
  }

  const policies: ResolvedBlock[] = [];
  for (const block of unique.filter(isPolicy)) {
    const resolved = await resolvePolicy(block, scope, lookupProblems, issues);
    if (resolved) policies.push(resolved);
    findings.push(...policyFindings(block));
  }
  for (const block of unique.filter((b) => b.kind === "removed")) findings.push(...removedFindings(block));
  return { policies, orgLookups, orgResources, providers, findings };
}

const isPolicy = (block: Block): boolean => block.kind === "resource" && POLICY_TYPES.includes(block.labels[0]!);
const isRelevant = (block: Block): boolean =>
  isPolicy(block) ||
  (block.kind === "data" && block.labels[0] === ORG_LOOKUP_TYPE) ||
  (block.kind === "resource" && block.labels[0] === ORG_TYPE);

/** zitadel_orgs lookups or zitadel_org resources; a reason per name for those that cannot be resolved. */
async function resolveReferenced(
  blocks: readonly Block[],
  kind: string,
  type: string,
  scope: Scope,
  problems: Map<string, string>,
): Promise<ResolvedBlock[]> {
  const out: ResolvedBlock[] = [];
  for (const block of blocks.filter((b) => b.kind === kind && b.labels[0] === type)) {
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block.body)) {
      const r = UNEVALUATED.includes(key)
        ? { ok: true as const, value: canonicalProvider(key, value) }
        : await resolveValue(value, scope);
      if (r.ok) {
        body[key] = r.value;
      } else if (!problems.has(address(block))) {
        const at = originIn(block.file, [...block.keys, key]);
        problems.set(address(block), `${address(block)}.${key} (${at.file}:${at.line}:${at.column}): ${r.problem}`);
      }
    }
    out.push({ block, body });
  }
  return out;
}

/** `provider = zitadel` is "${zitadel}" in Terraform's JSON form; the reader compares the plain name. */
function canonicalProvider(key: string, value: unknown): unknown {
  if (key !== "provider" || typeof value !== "string") return value;
  return value.replace(/^\$\{\s*([\w.-]+)\s*\}$/, "$1");
}

async function resolvePolicy(
  block: Block,
  scope: Scope,
  lookupProblems: ReadonlyMap<string, string>,
  issues: ConfigIssue[],
): Promise<ResolvedBlock | undefined> {
  const label = address(block);
  const problem = (key: string, message: string): void =>
    void issues.push({ ...originIn(block.file, [...block.keys, key]), message: `${label}: ${message}` });
  if ("for_each" in block.body) {
    problem(
      "for_each",
      "for_each is not supported: zitadel-lockout reads one policy per resource block and does not expand for_each " +
        "(write one block per org)",
    );
    return undefined;
  }
  if ("count" in block.body) {
    const count = await resolveValue(block.body.count, scope);
    const n = count.ok ? Number(count.value) : NaN;
    if (!count.ok || !(n === 0 || n === 1)) {
      const what = count.ok ? `= ${JSON.stringify(count.value)}` : `cannot be resolved: ${count.problem}`;
      problem("count", `count ${what}; zitadel-lockout reads one policy per resource block (count may only be 0 or 1)`);
      return undefined;
    }
    if (n === 0) return undefined;
  }
  const body: Record<string, unknown> = {};
  let usable = true;
  for (const [key, value] of Object.entries(block.body)) {
    if (key === "count") continue;
    if (UNEVALUATED.includes(key)) {
      body[key] = canonicalProvider(key, value);
      continue;
    }
    const r = await resolveValue(value, scope);
    if (!r.ok) {
      problem(key, `${key} cannot be resolved: ${r.problem}`);
      usable = false;
      continue;
    }
    body[key] = r.value;
    const refersTo = referenced(r.value);
    const reason = refersTo === undefined ? undefined : lookupProblems.get(refersTo);
    if (reason !== undefined) {
      problem(key, `${key} refers to ${refersTo}, which cannot be resolved: ${reason}`);
      usable = false;
    }
  }
  return usable ? { block, body } : undefined;
}

function referenced(value: unknown): string | undefined {
  const lookup = orgLookupReference(value);
  if (lookup !== undefined) return `data.${ORG_LOOKUP_TYPE}.${lookup}`;
  const org = orgResourceReference(value);
  return org === undefined ? undefined : `${ORG_TYPE}.${org}`;
}

/** How the block relies on the provider's own behaviour (docs/terraform.md). */
function policyFindings(block: Block): SourceFinding[] {
  const label = address(block);
  const at = (key?: string) => originIn(block.file, key ? [...block.keys, key] : block.keys);
  const findings: SourceFinding[] = [];
  if (!("max_otp_attempts" in block.body)) {
    findings.push({
      rule: "terraform-otp-omitted",
      message:
        `${label} has no max_otp_attempts: zitadel-lockout leaves the OTP limit as the server has it ` +
        "(on create, the instance default), but the Terraform provider creates the policy with max_otp_attempts = 0, " +
        "which never locks on wrong one-time codes; set it explicitly so both mean the same",
      origin: at(),
    });
  }
  const lifecycle = block.body.lifecycle;
  if (lifecycle !== undefined && (!Array.isArray(lifecycle) || lifecycle.length > 0)) {
    findings.push({
      rule: "terraform-lifecycle-ignored",
      message:
        `${label} has a lifecycle block: it tells Terraform what to ignore or protect, ` +
        "but zitadel-lockout corrects every attribute the block sets " +
        "(leave an attribute out to keep the server's value)",
      origin: at("lifecycle"),
    });
  }
  return findings;
}

function removedFindings(block: Block): SourceFinding[] {
  const from = block.body.from;
  const target = typeof from === "string" ? from.replace(/^\$\{\s*(.*?)\s*\}$/, "$1") : "";
  if (!POLICY_TYPES.some((type) => target.startsWith(`${type}.`))) return [];
  return [
    {
      rule: "terraform-removed-not-reset",
      message:
        `removed block for ${target}: Terraform resets that org's policy when it destroys the resource, ` +
        "but zitadel-lockout does not reset orgs it is not told about; " +
        "list the org under locals.zitadel_lockout.inherit to reset it",
      origin: originIn(block.file, block.keys),
    },
  ];
}

/** The JSON document for one file, as the reader expects it. */
export function documentFor(file: ModuleFile, module: ResolvedModule, record: unknown): Record<string, unknown> {
  const mine = (list: readonly ResolvedBlock[]) => list.filter((r) => r.block.file === file);
  const resource: Record<string, Record<string, unknown>> = {};
  for (const { block, body } of [...mine(module.policies), ...mine(module.orgResources)]) {
    (resource[block.labels[0]!] ??= {})[block.labels[1]!] = body;
  }
  const lookups = Object.fromEntries(mine(module.orgLookups).map(({ block, body }) => [block.labels[1]!, body]));
  const providers = mine(module.providers).map((p) => p.body);
  return {
    ...(Object.keys(resource).length > 0 ? { resource } : {}),
    ...(Object.keys(lookups).length > 0 ? { data: { [ORG_LOOKUP_TYPE]: lookups } } : {}),
    ...(providers.length > 0 ? { provider: { [PROVIDER_NAME]: providers } } : {}),
    ...(isRecord(record) ? { "//": record } : {}),
  };
}
