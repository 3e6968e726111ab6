// Checks that need the whole stack, run at synth (node.addValidation) once every construct exists:
// one policy per target; and, when no zitadel provider exists, a warning instead of cdktf's own error.
import { Annotations, Aspects, TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { PROVIDER_NAME } from "../desired/cdktf/provider-schema.js";

interface Target {
  /** "instance", "id:<orgId>" or "name:<orgName>". */
  readonly key: string;
  readonly description: string;
}

interface StackIndex {
  /** What the index was built from: rebuilt when constructs were added since. */
  readonly registered: number;
  readonly children: number;
  readonly firstByKey: ReadonlyMap<string, IConstruct>;
  readonly hasProvider: boolean;
  /** The first construct that synthesized a resource: a missing provider is warned about there, once per stack. */
  readonly firstWithResource: IConstruct | undefined;
}

// Per stack, the lockout constructs in construction order, and an index built once per synth: every
// construct validates itself, and scanning the stack for each one would be quadratic.
const registry = new WeakMap<TerraformStack, { construct: IConstruct; target: Target }[]>();
const indexes = new WeakMap<TerraformStack, StackIndex>();
const targets = new WeakMap<IConstruct, Target>();

export function registerTarget(construct: IConstruct, target: Target): void {
  const stack = TerraformStack.of(construct);
  if (!registry.has(stack)) Aspects.of(stack).add({ visit: (node) => node === stack && allowMissingProvider(stack) });
  const entries = registry.get(stack) ?? [];
  entries.push({ construct, target });
  registry.set(stack, entries);
  targets.set(construct, target);
}

const isZitadelProvider = (c: IConstruct): boolean =>
  TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === PROVIDER_NAME;

/**
 * The constructs work without a ZitadelProvider: zitadel-lockout plans and applies them against --url or
 * ZITADEL_URL. cdktf refuses, at validation, a resource whose generator metadata names a provider the stack
 * lacks; aspects run before that, so here, when no zitadel provider exists, our own resources stop naming
 * one (the metadata serves that check only, the synthesized JSON is the same) and the stack gets one warning
 * instead, at its first resource: Terraform itself would still need the provider.
 */
function allowMissingProvider(stack: TerraformStack): void {
  const index = indexOf(stack);
  if (index.hasProvider || !index.firstWithResource) return;
  for (const { construct } of registry.get(stack) ?? []) {
    // The policy resource ("Default") and, for an org named by name, its zitadel_orgs lookup ("OrgByName").
    for (const child of ["Default", "OrgByName"]) {
      const element = construct.node.tryFindChild(child) as { terraformGeneratorMetadata?: unknown } | undefined;
      if (element) element.terraformGeneratorMetadata = undefined;
    }
  }
  const warning =
    "the stack has no ZitadelProvider: zitadel-lockout plans and applies it against --url / ZITADEL_URL, but " +
    'Terraform itself would need one: add `new ZitadelProvider(stack, "zitadel", { domain })` if Terraform may run it';
  const first = index.firstWithResource;
  if (!first.node.metadata.some((m) => m.data === warning)) Annotations.of(first).addWarning(warning);
}

function indexOf(stack: TerraformStack): StackIndex {
  const entries = registry.get(stack) ?? [];
  const cached = indexes.get(stack);
  if (cached && cached.registered === entries.length && cached.children === stack.node.children.length) return cached;
  const firstByKey = new Map<string, IConstruct>();
  for (const { construct, target } of entries) if (!firstByKey.has(target.key)) firstByKey.set(target.key, construct);
  const index = {
    registered: entries.length,
    children: stack.node.children.length,
    firstByKey,
    hasProvider: stack.node.findAll().some(isZitadelProvider),
    // Both constructs name their L1 resource "Default".
    firstWithResource: entries.find(({ construct }) => construct.node.tryFindChild("Default") !== undefined)?.construct,
  };
  indexes.set(stack, index);
  return index;
}

export function stackProblems(construct: IConstruct): string[] {
  const stack = TerraformStack.of(construct);
  const index = indexOf(stack);
  const problems: string[] = [];
  const mine = targets.get(construct);
  const first = mine && index.firstByKey.get(mine.key);
  if (mine && first && first !== construct)
    problems.push(`${mine.description} is already declared by ${first.node.path}`);
  return problems;
}

/**
 * The same JSON means two things when maxOtpAttempts is omitted: zitadel-lockout leaves the server's
 * value, but the official provider sends max_otp_attempts = 0 (never lock) when it creates the policy
 * (docs/zitadel-api.md §7). Said at synth time (`cdktf synth` prints it) for teams that may run Terraform.
 */
export function warnOtpZeroOnCreate(construct: IConstruct): void {
  Annotations.of(construct).addWarning(
    "maxOtpAttempts is not set: zitadel-lockout keeps the server's value, but Terraform's official provider " +
      "sends max_otp_attempts = 0 (never lock) when it creates this policy; set maxOtpAttempts if " +
      "Terraform may apply this stack",
  );
}
