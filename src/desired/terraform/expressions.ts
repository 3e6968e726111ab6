// The few Terraform expressions zitadel-lockout can know without running Terraform: literals, input
// variables, local values built from those, and references to the orgs it can look up itself
// (data.zitadel_orgs.NAME.ids[0], zitadel_org.NAME.id). Every other expression is unknown until
// Terraform plans, so a lockout policy that uses one is an error that says why.
// Expressions are classified on the syntax tree HashiCorp's parser builds (hcl2json's getExpressionAst),
// never by matching text.
import { getExpressionAst, wrapTerraformExpression, type TFExpressionSyntaxTree } from "@cdktf/hcl2json";
import { isExpression, isRecord } from "../cdktf/values.js";

type Ast = TFExpressionSyntaxTree.ExpressionType;
type Segment = TFExpressionSyntaxTree.TerraformTraversalPart;

export type Resolved =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string };

const ok = (value: unknown): Resolved => ({ ok: true, value });
const fail = (problem: string): Resolved => ({ ok: false, problem });

export interface Scope {
  /** undefined when the module declares no such variable. */
  readonly variable: (name: string) => Resolved | undefined;
  /** undefined when the module defines no such local value. */
  readonly local: (name: string) => Promise<Resolved> | undefined;
}

const NOT_RUN = "zitadel-lockout reads the module without running Terraform";
const USE_INSTEAD = "use a literal or a variable";

/** A value of the module with every expression in it resolved, or why it cannot be. */
export async function resolveValue(value: unknown, scope: Scope): Promise<Resolved> {
  if (typeof value === "string") return isExpression(value) ? resolveExpression(value, scope) : ok(value);
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const r = await resolveValue(item, scope);
      if (!r.ok) return r;
      items.push(r.value);
    }
    return ok(items);
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === "//") continue; // a comment in JSON syntax: Terraform does not evaluate it
      const r = await resolveValue(item, scope);
      if (!r.ok) return r;
      out[key] = r.value;
    }
    return ok(out);
  }
  return ok(value);
}

async function resolveExpression(text: string, scope: Scope): Promise<Resolved> {
  let ast: Ast | null;
  try {
    ast = await getExpressionAst("expression.tf", wrapTerraformExpression(text).wrap);
  } catch {
    return fail(`cannot read the expression ${JSON.stringify(text)}`);
  }
  // "${expr}" is a templateWrap around expr; anything else is a string template with interpolations.
  if (ast?.type !== "templateWrap" || ast.children.length !== 1)
    return fail(`the string template ${JSON.stringify(text)} is not evaluated (${NOT_RUN}); ${USE_INSTEAD}`);
  return resolveNode(ast.children[0]!, scope);
}

async function resolveNode(node: Ast, scope: Scope): Promise<Resolved> {
  switch (node.type) {
    case "literalValue": {
      const meta = node.meta as TFExpressionSyntaxTree.LiteralValueExpressionMeta;
      if (meta.type === "number") return ok(Number(meta.value));
      if (meta.type === "bool") return ok(meta.value === "true");
      return ok(meta.value);
    }
    case "scopeTraversal":
      return resolveTraversal((node.meta as TFExpressionSyntaxTree.ScopeTraversalExpressionMeta).traversal, scope);
    case "function": {
      const meta = node.meta as TFExpressionSyntaxTree.FunctionCallMeta;
      const lookup = elementOfLookup(node);
      if (lookup) return ok(lookup);
      return fail(`the function call ${meta.value} is not evaluated (${NOT_RUN}); ${USE_INSTEAD}`);
    }
    default:
      return fail(`the expression ${JSON.stringify(node.meta.value)} is not evaluated (${NOT_RUN}); ${USE_INSTEAD}`);
  }
}

/** element(data.zitadel_orgs.NAME.ids, 0): the first id of a lookup, as cdktf writes it. */
function elementOfLookup(node: Ast): string | undefined {
  const meta = node.meta as TFExpressionSyntaxTree.FunctionCallMeta;
  const [list, index] = node.children;
  if (meta.name !== "element" || node.children.length !== 2) return undefined;
  if (list?.type !== "scopeTraversal" || index?.type !== "literalValue") return undefined;
  if (index.meta.value !== "0") return undefined;
  const parts = (list.meta as TFExpressionSyntaxTree.ScopeTraversalExpressionMeta).traversal.map((s) => s.segment);
  const isLookupIds = parts.length === 4 && parts[0] === "data" && parts[1] === "zitadel_orgs" && parts[3] === "ids";
  return isLookupIds ? `\${data.zitadel_orgs.${parts[2]}.ids[0]}` : undefined;
}

async function resolveTraversal(traversal: readonly Segment[], scope: Scope): Promise<Resolved> {
  const parts = traversal.map((s) => s.segment);
  const address = traversalText(traversal);
  const [root, second] = parts;
  if ((root === "var" || root === "local") && second !== undefined && traversal[1]?.type === "nameTraversal") {
    const base = root === "var" ? scope.variable(second) : await scope.local(second);
    const missing =
      root === "var" ? "declared in this module (no variable block)" : "defined in this module (no locals entry)";
    if (base === undefined) return fail(`${root}.${second} is not ${missing}`);
    if (!base.ok) return base;
    return walk(base.value, traversal.slice(2), `${root}.${second}`);
  }
  if (root === "data" && parts[1] === "zitadel_orgs" && parts.length === 5 && parts[3] === "ids" && parts[4] === "0")
    return ok(`\${data.zitadel_orgs.${parts[2]}.ids[0]}`);
  if (root === "data" && parts[1] === "zitadel_orgs")
    return fail(
      `${address} is not an org id: refer to the lookup's first id, data.zitadel_orgs.${parts[2] ?? "NAME"}.ids[0]`,
    );
  if (root === "zitadel_org" && parts.length === 3 && parts[2] === "id") return ok(`\${zitadel_org.${parts[1]}.id}`);
  if (root === "data")
    return fail(
      `${address} is read by Terraform at plan time (${NOT_RUN}); only data.zitadel_orgs lookups are understood`,
    );
  if (root === "module") return fail(`${address} is a module output, known only to Terraform (${NOT_RUN})`);
  if (root === "each" || root === "count")
    return fail(`${address} exists only in a block with for_each or count, which zitadel-lockout does not expand`);
  if (root === "path" || root === "terraform") return fail(`${address} is not evaluated (${NOT_RUN})`);
  if (parts.length >= 2)
    return fail(`${address} is an attribute of another resource, known only to Terraform (${NOT_RUN})`);
  return fail(`${address} is not a value zitadel-lockout can know (${NOT_RUN})`);
}

function traversalText(traversal: readonly Segment[]): string {
  return traversal
    .map((s, i) => (s.type === "indexTraversal" ? `[${s.segment}]` : i === 0 ? s.segment : `.${s.segment}`))
    .join("");
}

/** `var.x.key`, `var.x["key"]`, `var.x[0]`: into the variable's (or local's) value. */
function walk(value: unknown, rest: readonly Segment[], label: string): Resolved {
  let current = value;
  let path = label;
  for (const segment of rest) {
    const key = segment.type === "indexTraversal" ? unquote(segment.segment) : segment.segment;
    path += segment.type === "indexTraversal" ? `[${segment.segment}]` : `.${segment.segment}`;
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isRecord(current) && key in current) current = current[key];
    else return fail(`${path} does not exist in the value of ${label}`);
  }
  return ok(current);
}

function unquote(segment: string): string {
  if (!segment.startsWith('"')) return segment;
  try {
    return JSON.parse(segment) as string;
  } catch {
    return segment;
  }
}
