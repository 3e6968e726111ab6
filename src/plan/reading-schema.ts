// The schema a reader validates with when it reads past unknown fields (docs/documents.md, "The compatibility
// rule"): the published schema, which closes its objects, prepared for Ajv's removeAdditional. Ajv removes a
// property a closed subschema does not list while it evaluates that subschema, also one it is only trying:
// a oneOf branch that then fails, an `if`. A oneOf whose branches close objects differently (the plan's
// recoveryCheck: one closed object per status) would lose the fields of the right branch while the wrong
// ones are tried. So every such oneOf gets a discriminator (Ajv then evaluates only the branch the tag
// names), and a schema where removal could still strike a subschema that does not apply is refused when
// it is compiled, not discovered on a user's plan file.

type Schema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords whose subschemas may fail without failing the document: removal there is removal by mistake. */
const TRIED = ["if", "not", "contains", "propertyNames"] as const;
/** Keywords whose value maps names to subschemas, and keywords whose value is data, not a schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
const DATA = new Set(["const", "enum", "default", "examples", "required"]);

/**
 * A copy of `root` with a discriminator on each oneOf whose branches close objects. Throws when the schema
 * has a subschema that is only tried and closes an object, and no discriminator can make that safe.
 */
export function readingSchema(root: object): object {
  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== "string") return schema;
    if (!ref.startsWith("#/")) throw new Error(`reading schema: only local references are followed (${ref})`);
    let target: unknown = root;
    for (const part of ref.slice(2).split("/")) target = isSchema(target) ? target[part] : undefined;
    if (!isSchema(target)) throw new Error(`reading schema: ${ref} does not resolve`);
    return target;
  };

  // Whether removeAdditional can delete anything while `schema` is evaluated (on the value or within it).
  const closes = (schema: unknown, seen = new Set<Schema>()): boolean => {
    if (!isSchema(schema) || seen.has(schema)) return false;
    seen.add(schema);
    if (schema.additionalProperties === false) return true;
    const sub = Object.entries(schema).flatMap(([key, value]) =>
      DATA.has(key)
        ? []
        : SCHEMA_MAPS.has(key)
          ? Object.values(value as object)
          : Array.isArray(value)
            ? value
            : [value],
    );
    return (typeof schema.$ref === "string" && closes(resolve(schema), seen)) || sub.some((s) => closes(s, seen));
  };

  const mayBeObject = (schema: Schema): boolean => {
    const { type } = resolve(schema);
    return type === undefined || type === "object" || (Array.isArray(type) && type.includes("object"));
  };

  /** The property every branch requires and pins to constant strings, if there is one. */
  const tagOf = (branches: readonly Schema[]): string | undefined => {
    const pinned = (branch: Schema, name: string): boolean => {
      const props = branch.properties;
      const prop = isSchema(props) ? props[name] : undefined;
      const required = Array.isArray(branch.required) && branch.required.includes(name);
      return required && isSchema(prop) && (typeof prop.const === "string" || Array.isArray(prop.enum));
    };
    const first = branches[0] && resolve(branches[0]).properties;
    const names = isSchema(first) ? Object.keys(first) : [];
    return names.find((name) => branches.every((b) => pinned(resolve(b), name)));
  };

  const prepare = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => prepare(v, `${path}/${i}`));
    if (!isSchema(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      copy[key] = DATA.has(key)
        ? v
        : SCHEMA_MAPS.has(key) && isSchema(v)
          ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, prepare(s, `${path}/${key}/${name}`)]))
          : prepare(v, `${path}/${key}`);
    }
    for (const key of TRIED) {
      if (closes(value[key])) throw new Error(`reading schema: ${path}/${key} closes an object that may not apply`);
    }
    if (Array.isArray(value.anyOf) && (value.anyOf as Schema[]).filter(mayBeObject).some((b) => closes(b))) {
      throw new Error(`reading schema: ${path}/anyOf has branches that close objects`);
    }
    const oneOf = value.oneOf as Schema[] | undefined;
    if (Array.isArray(oneOf)) {
      const objects = oneOf.filter(mayBeObject);
      if (objects.length > 1 && objects.some((b) => closes(b))) {
        const tag = tagOf(oneOf);
        if (tag === undefined) {
          throw new Error(`reading schema: ${path}/oneOf closes objects but no property tells its branches apart`);
        }
        copy.discriminator = { propertyName: tag };
      }
    }
    return copy;
  };
  return prepare(root, "#") as object;
}
