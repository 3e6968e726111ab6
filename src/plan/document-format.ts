// The compatibility rule of the JSON documents zitadel-lockout writes and reads back (docs/documents.md):
// within formatVersion 1 a document only grows — new optional fields, never a removed, renamed or retyped
// one — so a reader accepts fields it does not know and leaves them out of what it returns. A change an
// older reader must not ignore (a new action, a field that changes what apply writes) is a new major
// version, and a reader refuses a major it does not know with a message that says which build wrote it.
import { jsonProblem } from "../errors.js";
import { printable } from "../model.js";
import type { SchemaCheck } from "./schema-check.js";

interface DocumentHead {
  readonly formatVersion?: unknown;
  readonly toolVersion?: unknown;
}

/**
 * Why a document with this head cannot be read, or undefined when it can. `noun` names the document in
 * the message ("plan", "journal"); `reads` are the major versions this build reads (a document whose newer
 * major kept an older one readable lists both).
 */
function unsupportedFormat(noun: string, head: DocumentHead, reads: readonly number[]): string | undefined {
  const version = head.formatVersion;
  if (typeof version === "number" && reads.includes(version)) return undefined;
  const newer = typeof version === "number" && version > Math.max(...reads);
  const writer =
    typeof head.toolVersion === "string" ? `zitadel-lockout ${printable(head.toolVersion)}` : "a newer zitadel-lockout";
  const readable =
    reads.length === 1
      ? `version ${reads[0]}`
      : `versions ${reads.slice(0, -1).join(", ")} and ${reads[reads.length - 1]}`;
  return (
    `${noun} format version ${JSON.stringify(version)} is not supported by this version of zitadel-lockout ` +
    `(it reads ${readable})${newer ? `; it was written by ${writer}: use that version or a newer one` : ""}`
  );
}

/** What a reader needs to know of one kind of document. */
export interface DocumentSpec {
  readonly kind: string;
  /** How messages name the document: "plan file", "journal". */
  readonly name: string;
  /** How a file that is not JSON is named: "plan file", "journal file". */
  readonly fileName: string;
  /** How the format is named in "… format version 2 is not supported": "plan", "journal". */
  readonly formatName: string;
  /** What to give instead when another zitadel-lockout document was given (e.g. how to make a plan file). */
  readonly instead?: string;
  /** The check of each major version this build reads (the current one drops fields it does not know). */
  readonly versions: ReadonlyMap<number, SchemaCheck>;
}

export type DocumentRead = { readonly json: unknown } | { readonly problem: string };

/**
 * `text` read as a document of `spec`: its kind, then its major version, then its schema — the parsed JSON
 * without the fields this build does not know, or what is wrong (the caller adds the file name).
 */
export function readDocument(text: string, spec: DocumentSpec): DocumentRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: a wrong file (a .env) would be printed.
    return { problem: `not a ${spec.fileName}: ${jsonProblem(text)}` };
  }
  const head = (typeof json === "object" && json !== null ? json : {}) as DocumentHead & { kind?: unknown };
  if (head.kind !== spec.kind) {
    // Another of our documents (an apply result, a drift report, a plan) is an easy mix-up in a pipeline.
    const other =
      typeof head.kind === "string" && head.kind.startsWith("zitadel-lockout-") ? printable(head.kind) : undefined;
    const found = other === undefined ? "" : `, found "${other}"${spec.instead ? `; ${spec.instead}` : ""}`;
    return { problem: `not a zitadel-lockout ${spec.name} (expected "kind": "${spec.kind}"${found})` };
  }
  if (typeof head.formatVersion !== "number") {
    return { problem: `the ${spec.name} is damaged: it has no formatVersion` };
  }
  const unsupported = unsupportedFormat(spec.formatName, head, [...spec.versions.keys()]);
  if (unsupported !== undefined) return { problem: unsupported };
  const problems = spec.versions.get(head.formatVersion)!(json);
  if (problems.length > 0) return { problem: `the ${spec.name} is damaged:\n  ${problems.join("\n  ")}` };
  return { json };
}
