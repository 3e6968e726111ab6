// Bytes → text. A config file must be UTF-8 (a UTF-8 byte-order mark is tolerated and dropped); anything
// else is reported at the first bad byte, so the user can find it, instead of being silently replaced by
// U+FFFD — which would change an org name and make the tool manage the wrong org.
import { isUtf8 } from "node:buffer";
import type { ConfigIssue } from "../errors.js";

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly issue: ConfigIssue };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function decodeConfigBytes(file: string, bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail(file, 1, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
  }
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) return { ok: true, text: new TextDecoder("utf-8").decode(body) };
  const bad = firstInvalidUtf8(body);
  const before = body.subarray(0, bad);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = countNewlines(before) + 1;
  // The prefix of the line is valid UTF-8 by construction, so its character count is the column.
  const column = [...new TextDecoder("utf-8").decode(before.subarray(lineStart))].length + 1;
  const hex = (body[bad] ?? 0).toString(16).padStart(2, "0");
  return fail(file, line, column, `the file is not valid UTF-8 (byte 0x${hex} here); save it as UTF-8`);
}

const fail = (file: string, line: number, column: number, message: string): Decoded => ({
  ok: false,
  issue: { file, line, column, message },
});

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 table). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(b, bytes[i + 1]);
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += len;
  }
  return bytes.length;
}

/** Length of the sequence a lead byte starts (0 if invalid); the second byte's range depends on the lead. */
function sequenceLength(lead: number, second: number | undefined): number {
  const s = second ?? -1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead === 0xe0) return s >= 0xa0 && s <= 0xbf ? 3 : 0;
  if (lead === 0xed) return s >= 0x80 && s <= 0x9f ? 3 : 0; // no UTF-16 surrogates
  if (lead >= 0xe1 && lead <= 0xef) return 3;
  if (lead === 0xf0) return s >= 0x90 && s <= 0xbf ? 4 : 0;
  if (lead === 0xf4) return s >= 0x80 && s <= 0x8f ? 4 : 0; // nothing above U+10FFFF
  if (lead >= 0xf1 && lead <= 0xf3) return 4;
  return 0;
}
