// The wire format, by construction: requests are decoded and responses encoded with @bufbuild/protobuf's
// protojson (the same rules as ZITADEL's grpc-gateway marshaler: lowerCamelCase, uint64 as strings, zero
// values omitted, unknown fields ignored, uint32 range checks). Only the google.rpc.Status envelope of an
// error is assembled here, because @zitadel/proto ships no google.rpc schema; its one detail, the
// zitadel.v1.ErrorDetail, still goes through protojson as a google.protobuf.Any.
import {
  create,
  createRegistry,
  fromJson,
  ScalarType,
  toJson,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import { anyPack, AnySchema } from "@bufbuild/protobuf/wkt";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { Errors } from "./error-catalogue.js";
import type { RpcError } from "./rpc-error.js";

const errorRegistry = createRegistry(ErrorDetailSchema);

/** Encodes a response message as protojson text. */
export function encodeMessage<D extends DescMessage>(schema: D, init: MessageInitShape<D>): string {
  return JSON.stringify(toJson(schema, create(schema, init)));
}

/** The JSON body of an error, exactly as grpc-gateway's DefaultHTTPErrorHandler writes it (docs/zitadel-api.md §3). */
export function errorBody(err: RpcError): string {
  const body: { code: number; message: string; details?: JsonValue[] } = { code: err.code, message: err.message };
  if (err.detail) {
    const any = anyPack(ErrorDetailSchema, create(ErrorDetailSchema, { id: err.detail.id, message: err.text }));
    const { "@type": type, ...fields } = toJson(AnySchema, any, { registry: errorRegistry }) as JsonObject;
    body.details = [{ "@type": type ?? null, ...fields }];
  }
  return JSON.stringify(body);
}

/**
 * Decodes a request the way the generated gateway handlers do: the body (for `body: "*"`), else the query
 * string, then the path variables on top. An empty body is no error: every field keeps its zero value.
 */
export function decodeRequest<D extends DescMessage>(
  schema: D,
  input: {
    readonly bodyField: string;
    readonly rawBody: string;
    readonly query: URLSearchParams;
    readonly pathParams: Readonly<Record<string, string>>;
  },
): MessageShape<D> {
  let json: JsonObject = {};
  if (input.bodyField === "*") {
    if (input.rawBody.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input.rawBody);
      } catch (err) {
        // Go's encoding/json reports malformed JSON before protojson sees it; its wording differs from V8's.
        throw Errors.decode(err instanceof Error ? err.message : String(err));
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw Errors.decode(`proto: syntax error: unexpected token ${JSON.stringify(parsed)}, expected an object`);
      }
      json = parsed as JsonObject;
    }
  } else {
    json = queryToJson(schema, input.query, new Set(Object.keys(input.pathParams)));
  }
  for (const [name, value] of Object.entries(input.pathParams)) {
    const field = schema.fields.find((f) => f.name === name || f.jsonName === name);
    if (field) json = { ...json, [field.jsonName]: value };
  }
  try {
    return fromJson(schema, json, { ignoreUnknownFields: true });
  } catch (err) {
    throw Errors.decode(`proto: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * grpc-gateway's PopulateQueryParameters (runtime/query.go), one query key at a time: "a.b=v" walks fields
 * by proto or JSON name; unknown names are ignored; a second member of a oneof is "field already set for
 * oneof"; a repeated key of a singular field is "too many values"; repeated fields collect every value;
 * booleans must parse.
 */
function queryToJson(schema: DescMessage, query: URLSearchParams, skip: ReadonlySet<string>): JsonObject {
  const root: JsonObject = {};
  for (const key of new Set(query.keys())) {
    if (skip.has(key)) continue;
    const values = query.getAll(key);
    let message: DescMessage = schema;
    let target: JsonObject = root;
    const path = key.split(".");
    for (let i = 0; i < path.length; i++) {
      const name = path[i]!;
      const field = message.fields.find((f) => f.name === name || f.jsonName === name);
      if (!field) break;
      const last = i === path.length - 1;
      if (field.fieldKind === "message" && !last) {
        const next = (target[field.jsonName] as JsonObject | undefined) ?? {};
        target[field.jsonName] = next;
        target = next;
        message = field.message;
        continue;
      }
      if (!last) break;
      const set = target;
      if (field.oneof && field.oneof.fields.some((member) => member.jsonName in set)) {
        throw Errors.decode(`field already set for oneof "${field.oneof.name}"`);
      }
      const parse = (value: string): JsonValue =>
        field.fieldKind === "scalar" && field.scalar === ScalarType.BOOL ? parseBool(field.name, value) : value;
      if (field.fieldKind === "list") {
        const list = (target[field.jsonName] as JsonValue[] | undefined) ?? [];
        list.push(...values.map(parse));
        target[field.jsonName] = list;
      } else {
        if (values.length > 1) throw Errors.decode(`too many values for field "${field.name}": ${values.join(", ")}`);
        target[field.jsonName] = parse(values[0]!);
      }
    }
  }
  return root;
}

function parseBool(fieldName: string, value: string): boolean {
  // Go's strconv.ParseBool, which grpc-gateway uses for bool query parameters; its error names the field.
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw Errors.decode(
    `parsing field "${fieldName}": strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`,
  );
}
