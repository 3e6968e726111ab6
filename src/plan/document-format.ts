// The compatibility rule of the JSON documents zitadel-lockout writes and reads back (docs/documents.md):
// within formatVersion 1 a document only grows — new optional fields, never a removed, renamed or retyped
// one — so a reader accepts fields it does not know and leaves them out of what it returns. A change an
// older reader must not ignore (a new action, a field that changes what apply writes) is a new major
// version, and a reader refuses a major it does not know with a message that says which build wrote it.
import { printable } from "../model.js";

/** The major version of every document this build writes and reads. */
const FORMAT_VERSION = 1;

/**
 * Why a document with this head cannot be read, or undefined when it can. `noun` names the document in
 * the message ("plan", "journal"); `reads` are the major versions this build reads (a document whose newer
 * major kept an older one readable lists both). The caller adds the file name and its own error type.
 */
export function unsupportedFormat(
  noun: string,
  head: { readonly formatVersion?: unknown; readonly toolVersion?: unknown },
  reads: readonly number[] = [FORMAT_VERSION],
): string | undefined {
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
