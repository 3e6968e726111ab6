// decodeConfigBytes: UTF-8 only, the first bad byte located by line and column.
import fc from "fast-check";
import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { decodeConfigBytes, firstInvalidUtf8 } from "../../src/desired/decode.js";
import { propertyParams } from "../support/property.js";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("decodeConfigBytes", () => {
  it("decodes UTF-8 and drops a UTF-8 byte-order mark", () => {
    expect(decodeConfigBytes("a", bytes([0xef, 0xbb, 0xbf], "version: 1\n"))).toEqual({
      ok: true,
      text: "version: 1\n",
    });
  });

  it("locates the first invalid byte: line, and column in characters", () => {
    const r = decodeConfigBytes("a.yaml", bytes('version: 1\nname: "é', [0xff], '"\n'));
    expect(r).toEqual({
      ok: false,
      issue: {
        file: "a.yaml",
        line: 2,
        column: 9,
        message: "the file is not valid UTF-8 (byte 0xff here); save it as UTF-8",
      },
    });
  });

  it.each([
    ["overlong encoding", [0xc0, 0xaf]],
    ["UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["truncated sequence", [0xe2, 0x82]],
    ["stray continuation byte", [0x80]],
  ])("refuses a %s", (_name, seq) => {
    const r = decodeConfigBytes("a", bytes("x: ", seq));
    expect(r.ok ? null : [r.issue.line, r.issue.column]).toEqual([1, 4]);
  });

  it("recognises UTF-16 by its byte-order mark", () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const r = decodeConfigBytes("a", bytes(bom, [0x76, 0]));
      expect(r.ok ? "" : r.issue.message).toMatch(/UTF-16/);
    }
  });

  it("finds an invalid byte exactly when Node's own UTF-8 check does (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(firstInvalidUtf8(b) === b.length).toBe(isUtf8(b));
        if (!isUtf8(b)) expect(isUtf8(b.subarray(0, firstInvalidUtf8(b)))).toBe(true);
      }),
      propertyParams({ numRuns: 2000 }),
    );
  });
});
