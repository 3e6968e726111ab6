// Checks that need the whole stack, run at synth (node.addValidation) once every construct exists:
// one policy per target, and a zitadel provider for Terraform whenever a resource was synthesized.
import { TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { PROVIDER_NAME } from "../desired/cdktf/provider-schema.js";

interface Target {
  /** "instance", "id:<orgId>" or "name:<orgName>". */
  readonly key: string;
  readonly description: string;
}

// Which construct targets what; a WeakMap so the constructs carry no extra public surface.
const targets = new WeakMap<IConstruct, Target>();

export function registerTarget(construct: IConstruct, target: Target): void {
  targets.set(construct, target);
}

const isZitadelProvider = (c: IConstruct): boolean =>
  TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === PROVIDER_NAME;

export function stackProblems(construct: IConstruct, synthesizedResource: boolean): string[] {
  const stack = TerraformStack.of(construct);
  const everything = stack.node.findAll();
  const problems: string[] = [];
  const mine = targets.get(construct);
  const first = mine && everything.find((c) => targets.get(c)?.key === mine.key);
  if (mine && first && first !== construct) problems.push(`${mine.description} is already declared by ${first.node.path}`);
  if (synthesizedResource && !everything.some(isZitadelProvider)) {
    problems.push(
      "the stack has no ZitadelProvider: add `new ZitadelProvider(stack, \"zitadel\", { domain })` " +
        "so Terraform knows which provider the zitadel_* blocks belong to",
    );
  }
  return problems;
}
