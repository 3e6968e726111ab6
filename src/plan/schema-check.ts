// Checking a saved document (plan file, journal) against its JSON Schema, with the validator compiled on
// first use: ajv and ajv-formats (CommonJS) are required then, not imported, so the commands that never
// read such a file (every plan, most applies) do not pay ~65 ms at start-up for them.
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { packageRoot } from "../package-root.js";
import { readingSchema } from "./reading-schema.js";

const require = createRequire(import.meta.url);

export interface SchemaCheckOptions {
  /**
   * Remove, instead of refusing, properties the schema does not list where it closes an object
   * (additionalProperties: false): a reader of a document written by a newer build of the same major
   * version. The published schemas stay closed; they describe what this build writes.
   */
  readonly dropUnknownFields?: boolean;
}

/** Checks a parsed document: the problems, or []. With `dropUnknownFields` it also removes unknown fields. */
export type SchemaCheck = (json: unknown) => string[];

/**
 * A check of `json` against the package's schemas/`schemaFile`: the problems, or [].
 * With `dropUnknownFields`, `json` is changed in place: unknown fields are gone when the check passes.
 */
export function lazySchemaCheck(schemaFile: string, options: SchemaCheckOptions = {}): SchemaCheck {
  let validate: ReturnType<Ajv2020["compile"]> | undefined;
  return (json) => {
    validate ??= compile(
      require(join(packageRoot(), "schemas", schemaFile)) as object,
      options.dropUnknownFields === true,
    );
    if (validate(json)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  };
}

function compile(schema: object, dropUnknownFields: boolean): ReturnType<Ajv2020["compile"]> {
  const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as (ajv: Ajv2020) => void;
  // Ajv's removeAdditional strips unknown properties wherever a subschema closes an object, also in a oneOf
  // branch it only tries: readingSchema marks each such oneOf with a discriminator, so that Ajv tries only
  // the branch the document's tag names (and refuses a schema where that cannot be done).
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    ...(dropUnknownFields ? { removeAdditional: true, discriminator: true } : {}),
  });
  addFormats(ajv);
  return ajv.compile(dropUnknownFields ? readingSchema(schema) : schema);
}
