// Input variables: their declarations in the module and the values Terraform would give them, with
// Terraform's precedence (later wins): the default, TF_VAR_NAME, terraform.tfvars, terraform.tfvars.json,
// *.auto.tfvars(.json) in file-name order, then -var-file and -var in command-line order.
import { parse } from "@cdktf/hcl2json";
import type { ConfigIssue } from "../../errors.js";
import type { Origin } from "../../model.js";
import { isRecord, templateEscaped } from "../cdktf/values.js";
import type { Block } from "./content.js";
import { originIn } from "./content.js";
import type { Resolved } from "./expressions.js";

/** One value for a variable, from a tfvars file, --var, or the environment. */
export interface VariableValue {
  readonly name: string;
  /** A tfvars value is already typed; a --var or TF_VAR_ value is text, read as Terraform would. */
  readonly value: unknown;
  readonly raw: boolean;
  readonly origin: Origin;
}

export interface Declaration {
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly origin: Origin;
}

export function declarationsOf(blocks: readonly Block[], issues: ConfigIssue[]): Map<string, Declaration> {
  const declared = new Map<string, Declaration>();
  for (const block of blocks) {
    if (block.kind !== "variable") continue;
    const name = block.labels[0]!;
    const origin = originIn(block.file, block.keys);
    const earlier = declared.get(name);
    const first = earlier && `${earlier.origin.file}:${earlier.origin.line}:${earlier.origin.column}`;
    if (earlier) issues.push({ ...origin, message: `variable "${name}" is declared twice (first at ${first})` });
    else declared.set(name, { name, body: block.body, origin });
  }
  return declared;
}

// hcl2json writes a type constraint as an expression string: "${number}", "${map(string)}".
const PRIMITIVE_TYPES = ["${string}", "${number}", "${bool}"];

/**
 * Each declared variable's value, or why it has none. Values given for undeclared variables are ignored,
 * as Terraform does with a warning (a tfvars file is often shared between modules).
 */
export async function variableValues(
  declared: ReadonlyMap<string, Declaration>,
  given: readonly VariableValue[],
): Promise<Map<string, Resolved>> {
  const values = new Map<string, Resolved>();
  for (const declaration of declared.values()) {
    if ("default" in declaration.body) values.set(declaration.name, { ok: true, value: declaration.body.default });
  }
  for (const v of given) {
    const declaration = declared.get(v.name);
    if (!declaration) continue;
    values.set(v.name, v.raw ? await readRaw(v, declaration) : { ok: true, value: v.value });
  }
  for (const declaration of declared.values()) {
    const { name, origin: at } = declaration;
    if (!values.has(name)) {
      values.set(declaration.name, {
        ok: false,
        problem:
          `var.${name} has no value (declared at ${at.file}:${at.line}:${at.column} without a default): ` +
          `set it in terraform.tfvars, with --var-file or --var ${name}=…, or in TF_VAR_${name}`,
      });
    }
  }
  return values;
}

/** Text from --var or TF_VAR_: a string for primitive types (Terraform converts "5" to 5), HCL otherwise. */
async function readRaw(v: VariableValue, declaration: Declaration): Promise<Resolved> {
  const text = String(v.value);
  const type = declaration.body.type;
  // Kept in Terraform's JSON form, like every string of the module: a literal `${` is written `$${`.
  const primitive = type === undefined || (typeof type === "string" && PRIMITIVE_TYPES.includes(type));
  if (primitive) return { ok: true, value: templateEscaped(text) };
  try {
    const parsed = await parse("value.hcl", `value = ${text}\n`);
    return { ok: true, value: isRecord(parsed) ? parsed.value : undefined };
  } catch {
    const problem = `the value of var.${v.name} from ${v.origin.file} is not a valid HCL value for its type`;
    return { ok: false, problem };
  }
}
