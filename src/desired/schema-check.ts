// Structure check against schemas/lockout-config.schema.json (precompiled, see codegen/), with every
// ajv error turned into a message at the YAML position of the value or key it is about.
// The schema's cross-field rules (id xor name, inherit excludes numbers, something to manage) serve
// editors; here their errors are dropped and semantics.ts reports the same rules with clearer words.
import { validate as generatedValidator } from "./gen/config-validator.js";
import { closestMatch, suggestionTail } from "./did-you-mean.js";
import type { PlainValue } from "./plain-value.js";
import {
  describeNode,
  keyPosAt,
  labelOf,
  nodeAt,
  toPointer,
  type ParsedYaml,
  type PathIssue,
  type PathSegment,
  type Pos,
} from "./yaml-tree.js";

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
  readonly parentSchema?: { readonly properties?: Readonly<Record<string, unknown>> };
  readonly schema?: unknown;
  readonly data?: unknown;
}

type ValidateFunction = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null };
const validateShape = generatedValidator as unknown as ValidateFunction;

const COMPOSITE = new Set(["anyOf", "oneOf", "allOf", "if", "not", "false schema"]);
const INSIDE_COMPOSITE = /\/(anyOf|oneOf|allOf|if|then|else|not)\//;

export function checkSchema(parsed: ParsedYaml, plain: PlainValue, file: string): PathIssue[] {
  if (plain.value === undefined) return [];
  if (validateShape(plain.value)) return [];
  const issues: PathIssue[] = [];
  const seen = new Set<string>();
  for (const e of validateShape.errors ?? []) {
    if (COMPOSITE.has(e.keyword) || INSIDE_COMPOSITE.test(e.schemaPath) || plain.checked.has(e.instancePath)) continue;
    const path = parsePointer(e.instancePath);
    const mapped = describeError(e, path, parsed, plain.checked);
    if (!mapped) continue;
    const key = `${mapped.pos.line}:${mapped.pos.column}:${mapped.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ file, ...mapped.pos, message: mapped.message, path: mapped.path });
  }
  return issues;
}

function describeError(
  e: AjvError,
  path: readonly PathSegment[],
  parsed: ParsedYaml,
  checked: ReadonlySet<string>,
): { pos: Pos; message: string; path: string } | undefined {
  const root = parsed.root;
  const node = nodeAt(root, path);
  const pos = node?.pos ?? root?.pos ?? { line: 1, column: 1 };
  const label = labelOf(path);
  const pointer = e.instancePath;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const candidates = Object.keys(e.parentSchema?.properties ?? {});
      const where = path.length === 0 ? " at the top level" : ` in ${label}`;
      return {
        pos: keyPosAt(root, [...path, key]) ?? pos,
        message: `unknown key "${key}"${where}${suggestionTail(key, candidates)}`,
        path: `${pointer}/${key}`,
      };
    }
    case "required": {
      const missing = String(e.params.missingProperty);
      if (checked.has(`${pointer}${toPointer([missing])}`)) return undefined; // reported where it was written
      // A misspelt required key ("Version:") is already reported as unknown, with this key as the suggestion:
      // one mistake, one message.
      const known = Object.keys(e.parentSchema?.properties ?? {});
      if (
        node?.kind === "map" &&
        node.entries.some((entry) => !known.includes(entry.key) && closestMatch(entry.key, known) === missing)
      )
        return undefined;
      const message =
        missing === "version" && path.length === 0
          ? "missing `version: 1` (every config file carries it)"
          : `missing key "${missing}" in ${label}`;
      return { pos, message, path: pointer };
    }
    case "type": {
      // Text fields are typed string-or-integer for editors (an unquoted id is a number to them); the
      // loader has already turned a plain number into its digits, so what fails here is not text.
      const expected = String(e.params.type).split(",")[0]!;
      const found = node ? describeNode(node) : "nothing";
      const quote =
        expected === "string" && node?.kind === "scalar" && node.value !== null ? " (quote it to make it text)" : "";
      const text = node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
      const flow = text !== undefined && /^[\w .-]+$/.test(text) ? text : JSON.stringify(text);
      const listOfOne = expected === "array" && text !== undefined ? ` (a list of one is [${flow}])` : "";
      const orgEntry =
        expected === "object" && path.length === 2 && path[0] === "orgs" && text !== undefined
          ? ` (an entry is "- name: ${text}" or "- id: ...", with its settings)`
          : "";
      const subject = path.length === 0 ? "the config" : label;
      return {
        pos,
        message:
          `${subject} must be ${TYPE_WORDS[expected] ?? expected}; ` + `found ${found}${quote}${listOfOne}${orgEntry}`,
        path: pointer,
      };
    }
    case "minLength":
      return { pos, message: `${label} must not be empty`, path: pointer };
    case "maxLength":
      return { pos, message: `${label} is too long (at most ${String(e.params.limit)} characters)`, path: pointer };
    case "pattern":
      // The value is not echoed: a malformed URL may carry a password.
      return {
        pos,
        message: `${label} must be an http:// or https:// URL (like https://acme.zitadel.cloud)`,
        path: pointer,
      };
    case "minProperties":
      return {
        pos,
        message: `${label}: nothing to manage; set maxPasswordAttempts and/or maxOtpAttempts, or remove the key`,
        path: pointer,
      };
    case "enum": {
      const allowed = Array.isArray(e.schema) ? e.schema.map(String) : [];
      const value = String(e.data);
      return { pos, message: `unknown lint rule "${value}"${suggestionTail(value, allowed)}`, path: pointer };
    }
    default:
      return { pos, message: `${label}: ${e.message ?? e.keyword}`, path: pointer };
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: "a mapping (key: value lines)",
  array: "a list",
  string: "text",
  boolean: "true or false",
  integer: "a whole number",
};

function parsePointer(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
