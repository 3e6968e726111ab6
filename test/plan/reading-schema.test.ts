import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readingSchema } from "../../src/plan/reading-schema.js";

const closed = (properties: object, required: string[] = []) => ({
  type: "object",
  additionalProperties: false,
  required,
  properties,
});

describe("readingSchema (reading past unknown fields with Ajv's removeAdditional)", () => {
  it("marks a oneOf of closed objects with the property that tells them apart, and copies the rest", () => {
    const schema = {
      $defs: { a: closed({ kind: { const: "a" }, x: { type: "string" } }, ["kind"]) },
      properties: {
        either: { oneOf: [{ $ref: "#/$defs/a" }, closed({ kind: { enum: ["b", "c"] }, y: {} }, ["kind"])] },
        // One branch takes objects, the other null: nothing is tried on an object but the first.
        settings: { oneOf: [{ $ref: "#/$defs/a" }, { type: "null" }] },
      },
    };
    const prepared = readingSchema(schema) as typeof schema & {
      properties: { either: { discriminator?: unknown }; settings: { discriminator?: unknown } };
    };
    expect(prepared.properties.either.discriminator).toEqual({ propertyName: "kind" });
    expect(prepared.properties.settings.discriminator).toBeUndefined();
    expect(schema.properties.either).not.toHaveProperty("discriminator"); // the published schema is untouched
  });

  it("does not take a property named like a keyword (if, not) for a subschema", () => {
    const schema = closed({ if: closed({}), not: closed({}) });
    expect(readingSchema(schema)).toEqual(schema);
  });

  it.each([
    ["a oneOf whose closed branches no property tells apart", { oneOf: [closed({ a: {} }), closed({ b: {} })] }],
    ["an anyOf with a closed branch", { anyOf: [closed({ a: {} }), { type: "object" }] }],
    ["an if that closes an object", { if: closed({ a: {} }), then: {} }],
  ])("refuses %s: removal could strike a subschema that does not apply", (_, schema) => {
    expect(() => readingSchema(schema)).toThrow(/^reading schema: #\//);
  });

  it("prepares the plan, journal, apply and drift schemas (their oneOfs are told apart by a string tag)", () => {
    for (const name of ["plan", "journal", "apply-result", "drift"]) {
      const schema = JSON.parse(readFileSync(`schemas/${name}.schema.json`, "utf8"));
      expect(() => readingSchema(schema), name).not.toThrow();
    }
  });
});
