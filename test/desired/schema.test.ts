// The JSON Schema is the editor-facing contract (yaml-language-server) and the source of the
// precompiled validator: it must be a valid 2020-12 schema, document every property, list exactly
// the lint rules the code knows, and the committed validator must be generated from it.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { GENERATED_PATH, SCHEMA_PATH, generateValidatorSource } from "../../src/desired/codegen/generate-validator.js";
import { LINT_RULE_IDS } from "../../src/desired/index.js";

type Json = { readonly [key: string]: unknown };
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Json;

/** Every schema reachable under `properties`, `items` and `$defs`, with its path. */
function propertySchemas(node: Json, path: string): { path: string; schema: Json }[] {
  const out: { path: string; schema: Json }[] = [];
  const props = (node.properties ?? {}) as Record<string, Json>;
  for (const [key, sub] of Object.entries(props)) {
    out.push({ path: `${path}.${key}`, schema: sub });
    out.push(...propertySchemas(sub, `${path}.${key}`));
  }
  if (node.items && typeof node.items === "object") {
    out.push({ path: `${path}[]`, schema: node.items as Json });
    out.push(...propertySchemas(node.items as Json, `${path}[]`));
  }
  for (const [key, sub] of Object.entries((node.$defs ?? {}) as Record<string, Json>))
    out.push(...propertySchemas(sub, `$defs.${key}`));
  return out;
}

const resolveRef = (s: Json): Json => {
  const ref = s.$ref;
  if (typeof ref !== "string") return s;
  const name = ref.replace("#/$defs/", "");
  return ((schema.$defs as Record<string, Json>)[name] ?? s) as Json;
};

describe("schemas/lockout-config.schema.json", () => {
  it("is a valid JSON Schema 2020-12 that ajv compiles in strict mode", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("has a description on every property, item and definition (editor hover)", () => {
    const all = propertySchemas(schema, "");
    expect(all.length).toBeGreaterThan(15);
    const missing = all
      .filter(({ schema: s }) => typeof s.description !== "string" && typeof resolveRef(s).description !== "string")
      .map((p) => p.path);
    expect(missing).toEqual([]);
    for (const def of Object.values(schema.$defs as Record<string, Json>))
      expect(typeof def.description).toBe("string");
  });

  it("lists exactly the lint rules the code implements under lint.ignore", () => {
    const lint = (schema.properties as Record<string, Json>).lint!;
    const ignore = (lint.properties as Record<string, Json>).ignore!;
    expect((ignore.items as Json).enum).toEqual(LINT_RULE_IDS);
  });

  it("an editor validating the parsed YAML accepts as the loader does: unquoted numeric ids, names, protect", () => {
    // yaml-language-server checks the YAML's own values, where an unquoted id is a number; the loader
    // reads it as its digits, so the schema must not flag it.
    const validate = new Ajv2020({
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      allErrors: true,
    }).compile(schema);
    const config: unknown = parse(
      "version: 1\norgs:\n  - id: 300000000000000099\n    inherit: true\n  - name: 2024\n    " +
        "maxOtpAttempts: 3\nprune:\n  protect: [300000000000000001]\n",
    );
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse("version: 1\norgs:\n  - id: true\n    inherit: true\n"))).toBe(false);
  });

  it("the committed precompiled validator is generated from the current schema", () => {
    // After editing the schema: npx tsx src/desired/codegen/generate-validator.ts
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generateValidatorSource(schema));
  });
});
