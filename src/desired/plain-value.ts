// The positioned tree → a plain JSON value for schema validation, with `${...}` substituted and the
// typed fields (counts, version, flags) decoded by field-codecs. Problems found here are reported at
// their YAML position; the schema check then skips those fields so nothing is reported twice.
import {
  decodeCount,
  decodeFlag,
  decodeText,
  decodeVersion,
  type Decoded,
  type FieldKind,
  type SubstitutedText,
} from "./field-codecs.js";
import { hasSubstitution, substituteEnv, type Env } from "./substitute.js";
import {
  labelOf,
  toPointer,
  type ConfigNode,
  type ParsedYaml,
  type PathIssue,
  type PathSegment,
  type Pos,
  type ScalarNode,
} from "./yaml-tree.js";

export interface PlainValue {
  readonly value: unknown;
  readonly issues: readonly PathIssue[];
  /** Pointers of typed fields already checked here; schema errors about them are dropped. */
  readonly checked: ReadonlySet<string>;
  /**
   * Text fields whose value came (partly) from the environment, pointer → the scalar as written
   * (`${ACME_ORG}`): later messages name the field by that, never by its value.
   */
  readonly fromEnv: ReadonlyMap<string, string>;
}

/** The characters YAML does not allow in a file (C0 and C1 controls but tab, LF, CR and NEL; U+FFFE/U+FFFF). */
// oxlint-disable-next-line no-control-regex -- finding control characters is what this expression is for
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** `U+001B` for the first control character in `text`, or undefined. */
function firstControl(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

const COUNT_KEYS = new Set(["maxPasswordAttempts", "maxOtpAttempts"]);

/**
 * Stands in for a field whose problem was already reported, so the schema check does not add a
 * second, misleading message (e.g. "nothing to manage" for an instance whose only field was 0x10).
 * The file is rejected anyway: a placeholder never reaches a DesiredState.
 */
const PLACEHOLDER: Readonly<Record<FieldKind, unknown>> = { count: 0, version: 1, flag: false, text: "" };

/** Which typed field lives at a path (undefined: a container, or a place the schema does not know). */
function fieldKindAt(path: readonly PathSegment[]): FieldKind | undefined {
  const [a, b, c] = path;
  switch (path.length) {
    case 1:
      return a === "version" ? "version" : a === "server" || a === "journal" ? "text" : undefined;
    case 2:
      if (a === "instance" && COUNT_KEYS.has(String(b))) return "count";
      return a === "prune" && b === "enabled" ? "flag" : undefined;
    case 3:
      if (typeof c === "number")
        return (a === "prune" && b === "protect") || (a === "lint" && b === "ignore") ? "text" : undefined;
      if (a !== "orgs" || typeof b !== "number") return undefined;
      if (c === "id" || c === "name") return "text";
      if (c === "inherit") return "flag";
      return COUNT_KEYS.has(String(c)) ? "count" : undefined;
    default:
      return undefined;
  }
}

export function toPlainValue(parsed: ParsedYaml, file: string, env: Env): PlainValue {
  const issues: PathIssue[] = [];
  const checked = new Set<string>();
  const fromEnv = new Map<string, string>();
  const report = (pos: Pos, path: string, message: string) => void issues.push({ file, ...pos, message, path });

  /** Substitutes a text scalar; undefined when it has no `${`, null when substitution failed (reported). */
  const substitute = (
    node: ScalarNode,
    pointer: string,
  ): { text: string; sub?: SubstitutedText } | null | undefined => {
    if (typeof node.value !== "string" || !hasSubstitution(node.value)) return undefined;
    const r = substituteEnv(node.value, env);
    if (!r.ok) {
      const written = parsed.text.slice(node.start, node.end);
      // Problems come in written order; searching on from the last one gives `${X} ${X}` two positions.
      let from = 0;
      for (const p of r.problems) {
        const at = written.indexOf(p.token, from);
        if (at >= 0) from = at + p.token.length;
        report(at >= 0 ? parsed.positionAt(node.start + at) : node.pos, pointer, p.message);
      }
      return null;
    }
    return {
      text: r.value,
      sub: r.substituted ? { value: r.value, written: node.value, usedEnv: r.usedEnv } : undefined,
    };
  };

  const leaf = (node: ConfigNode, path: readonly PathSegment[], kind: FieldKind): unknown => {
    const pointer = toPointer(path);
    if (kind === "text" && node.kind !== "scalar") return generic(node, path);
    const substituted = node.kind === "scalar" ? substitute(node, pointer) : undefined;
    if (kind !== "text" || substituted === null) checked.add(pointer);
    if (substituted === null) return PLACEHOLDER[kind];
    if (kind === "text") {
      const text = substituted ? substituted.text : decodeText(node as ScalarNode);
      // An escape ("\x1b[31m", "\0") or a variable can put into a value what the file itself may not hold.
      const control = typeof text === "string" ? firstControl(text) : undefined;
      if (control !== undefined) {
        report(
          node.pos,
          pointer,
          `${labelOf(path)} contains control character ` +
            `${control}${substituted?.sub ? " (from a ${...} variable)" : " (written as an escape)"}; org ` +
            `names, ids and paths never hold one`,
        );
        checked.add(pointer);
        return PLACEHOLDER.text;
      }
      if (substituted?.sub?.usedEnv) fromEnv.set(pointer, substituted.sub.written);
      return text;
    }
    // Text with only `$${` escapes is still text: a count or flag written that way is refused as text.
    const target = substituted && !substituted.sub ? { ...(node as ScalarNode), value: substituted.text } : node;
    const key = labelOf(path); // "instance.maxOtpAttempts", "orgs[1].inherit": which one, not just which key
    const decoded: Decoded<number | boolean> =
      kind === "count"
        ? decodeCount(key, target, substituted?.sub)
        : kind === "version"
          ? decodeVersion(target, substituted?.sub)
          : decodeFlag(key, target, substituted?.sub);
    if (decoded.ok) return decoded.value;
    report(node.pos, pointer, decoded.message);
    return PLACEHOLDER[kind];
  };

  const walk = (node: ConfigNode, path: readonly PathSegment[]): unknown => {
    const kind = fieldKindAt(path);
    return kind ? leaf(node, path, kind) : generic(node, path);
  };

  const generic = (node: ConfigNode, path: readonly PathSegment[]): unknown => {
    switch (node.kind) {
      case "map":
        // fromEntries defines own properties, so a key like "__proto__" stays an ordinary (unknown) key.
        return Object.fromEntries(
          node.entries.map((e) => [e.key, walk(e.value, [...path, e.key])] as const).filter(([, v]) => v !== undefined),
        );
      case "seq":
        return node.items.map((item, i) => walk(item, [...path, i]));
      case "scalar":
        return node.value;
    }
  };

  return { value: parsed.root === undefined ? undefined : walk(parsed.root, []), issues, checked, fromEnv };
}
