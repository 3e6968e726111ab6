// Validators for the upstream swagger extracts in ../shared/zitadel-upstream/ (OpenAPI 2, ZITADEL v2.71.4).
// Object schemas that list properties are closed (additionalProperties: false) so an extra field fails,
// and the protobuf formats (int64, uint64, …) are checked as the strings or numbers protojson emits.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const UPSTREAM = join(import.meta.dirname, "../fixtures/zitadel-upstream");
export const SWAGGER_FILES = {
  admin: "zitadel-admin-v1.lockout-subset.swagger.json",
  management: "zitadel-management-v1.lockout-subset.swagger.json",
  v2: "zitadel-v2.lockout-subset.swagger.json",
} as const;

interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, { responses: Record<string, { schema?: object }> }>>;
  definitions: Record<string, Record<string, unknown>>;
  "x-provenance-missing-operations"?: string[];
}

function close(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(close);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === "example" ? v : close(v);
  if (out.type === "object" && out.properties && !("additionalProperties" in out) && !("$ref" in out))
    out.additionalProperties = false;
  // swagger 2 allows "$ref" beside other keys (e.g. "type"); JSON Schema draft-07 ignores the siblings.
  return out;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function swaggerValidator(file: keyof typeof SWAGGER_FILES): {
  readonly swagger: Swagger;
  response(method: string, fullPath: string, status: "200" | "default"): ValidateFunction | undefined;
} {
  const swagger = JSON.parse(readFileSync(join(UPSTREAM, SWAGGER_FILES[file]), "utf8")) as Swagger;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ["int32", "int64", "uint32", "uint64", "double", "float", "byte"]) ajv.addFormat(f, true);
  ajv.addSchema({ definitions: close(swagger.definitions) }, "swagger");
  const base = swagger.basePath === "/" ? "" : swagger.basePath;
  return {
    swagger,
    response(method, fullPath, status) {
      if (!fullPath.startsWith(base)) return undefined;
      const op = swagger.paths[fullPath.slice(base.length)]?.[method.toLowerCase()];
      const schema = op?.responses[status]?.schema as { $ref?: string } | undefined;
      if (!schema?.$ref) return undefined;
      return ajv.compile({ $ref: `swagger${schema.$ref}` });
    },
  };
}
