// How a scalar becomes the value of a typed field. Numbers follow one rule (docs/config.md §Numbers):
// a count is a whole number from 0 to 4294967295 written in plain decimal digits. Every other spelling
// YAML would also accept — 5.0, 1e1, +5, 0x10, 0o7, 010, .inf — is refused with a hint, because each
// is either a likely mistake or read differently by YAML 1.1 tools (010 is 8 there).
import { UINT32_MAX } from "../model.js";
import { isDecimalDigits, isLockoutCountText } from "../rules.js";
import { describeNode, type ConfigNode, type ScalarNode } from "./yaml-tree.js";

/** What a field holds; "text" fields keep the written digits of a plain number (org ids are long). */
export type FieldKind = "count" | "version" | "flag" | "text";

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A string value after substitution, with what is needed to word an error about it. */
export interface SubstitutedText {
  readonly value: string;
  /** The scalar as written, e.g. "${MAX:-5}". */
  readonly written: string;
  /** The environment supplied part of it: the value may be sensitive and is not echoed. */
  readonly usedEnv: boolean;
}

const RANGE = "a whole number from 0 to 4294967295";

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(message: string): Decoded<T> => ({ ok: false, message });

/**
 * A count (maxPasswordAttempts, maxOtpAttempts). `sub` is set when the scalar was text containing a
 * `${...}` substitution: only then may text stand for a number.
 */
export function decodeCount(key: string, node: ConfigNode, sub?: SubstitutedText): Decoded<number> {
  if (sub) {
    if (isLockoutCountText(sub.value)) return ok(Number(sub.value));
    const shown = sub.usedEnv ? "a value (not shown)" : JSON.stringify(sub.value);
    return fail(`${key}: ${sub.written} gave ${shown}, which is not ${RANGE} in plain decimal digits`);
  }
  if (node.kind !== "scalar" || node.value === null || typeof node.value === "boolean") {
    const hint = node.kind === "scalar" && node.value === null ? "; remove the key to leave the field unmanaged" : "";
    return fail(`${key} must be ${RANGE}; found ${describeNode(node)}${hint}`);
  }
  if (typeof node.value === "string") {
    const written = node.value.trim();
    const hint = isDecimalDigits(written)
      ? ` (quotes make it text: write ${written} without quotes)`
      : /^[0-9]+(_[0-9]+)+$/.test(written) && !node.quoted // YAML 1.1's digit separators are text in YAML 1.2
        ? ` (write ${written.replace(/_/g, "")} without underscores)`
        : "";
    return fail(`${key} must be ${RANGE}; found ${describeNode(node)}${hint}`);
  }
  return decodeWrittenNumber(key, node.source, node.value);
}

function decodeWrittenNumber(key: string, source: string, value: number): Decoded<number> {
  const s = source.trim();
  if (isDecimalDigits(s)) {
    return isLockoutCountText(s)
      ? ok(Number(s))
      : fail(`${key} must be at most 4294967295 (ZITADEL stores it as a 32-bit unsigned number); found ${s}`);
  }
  if (!Number.isFinite(value)) return fail(`${key} must be ${RANGE}; found ${s}`);
  if (/^-/.test(s) && !/^-0+(\.0*)?$/.test(s))
    return fail(`${key} cannot be negative (0 means never lock); found ${s}`);
  // Before the spelling hints below: "write 4294967296 in decimal" would suggest a value that is refused too.
  if (value > UINT32_MAX)
    return fail(`${key} must be at most 4294967295 (ZITADEL stores it as a 32-bit unsigned number); found ${s}`);
  if (/^[-+]?0x/i.test(s)) return fail(`${key}: hexadecimal numbers are not accepted; write ${value} in decimal`);
  if (/^[-+]?0o/i.test(s)) return fail(`${key}: octal numbers are not accepted; write ${value} in decimal`);
  if (!Number.isInteger(value)) return fail(`${key} must be a whole number; found ${s}`);
  if (/e/i.test(s))
    return fail(`${key}: exponent notation is not accepted; write the number in plain decimal digits (${value})`);
  if (/\./.test(s)) return fail(`${key} must be written as a whole number without a decimal point; write ${value}`);
  if (/^\+/.test(s)) return fail(`${key}: write ${value} without the + sign`);
  if (/^-?0[0-9]/.test(s))
    return fail(`${key}: write ${value} without leading zeros (YAML 1.1 tools read ${s} as an octal number)`);
  return fail(`${key} must be ${RANGE} in plain decimal digits; found ${s}`);
}

/** `version`: a count that must be 1. */
export function decodeVersion(node: ConfigNode, sub?: SubstitutedText): Decoded<number> {
  const n = decodeCount("version", node, sub);
  if (!n.ok) return n;
  return n.value === 1 ? n : fail(`unsupported version ${n.value}: this tool reads version: 1`);
}

/** A boolean (inherit, prune.enabled): YAML true/false, or a substitution giving exactly "true" or "false". */
export function decodeFlag(key: string, node: ConfigNode, sub?: SubstitutedText): Decoded<boolean> {
  if (sub) {
    if (sub.value === "true" || sub.value === "false") return ok(sub.value === "true");
    const shown = sub.usedEnv ? "a value (not shown)" : JSON.stringify(sub.value);
    return fail(`${key}: ${sub.written} gave ${shown}, not true or false`);
  }
  if (node.kind === "scalar" && typeof node.value === "boolean") return ok(node.value);
  const yaml11 =
    node.kind === "scalar" && typeof node.value === "string" && /^(yes|no|on|off|y|n)$/i.test(node.value)
      ? " (YAML 1.2 reads yes/no/on/off as text)"
      : "";
  return fail(`${key} must be true or false; found ${describeNode(node)}${yaml11}`);
}

/**
 * A text field. A plain number keeps its written digits: `id: 300000000000000099` is the id
 * "300000000000000099", not the float 300000000000000100 that YAML would make of it.
 */
export function decodeText(node: ScalarNode, sub?: SubstitutedText): unknown {
  if (sub) return sub.value;
  return typeof node.value === "number" && !node.quoted ? node.source : node.value;
}
