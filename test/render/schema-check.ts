// The JSON Schemas in schemas/ as validators, compiled the way a consumer would (draft 2020-12, formats).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

export type SchemaName =
  | "plan"
  | "apply-result"
  | "drift"
  | "journal"
  | "validate"
  | "locked"
  | "unlock-result"
  | "journal-v1";

const compiled = new Map<SchemaName, ReturnType<Ajv2020["compile"]>>();

/** Schema errors of a document, as `path message` lines; [] when it is valid. */
export function schemaErrors(name: SchemaName, doc: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(process.cwd(), "schemas", `${name}.schema.json`), "utf8")));
    compiled.set(name, validate);
  }
  return validate(doc)
    ? []
    : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}
