// YAML text → a small positioned tree (maps, lists, scalars with their source text and position).
// Everything after this step works on the tree, never on raw text, so every message can name
// file:line:column. YAML features that would hide where a value was written are refused here:
// aliases, merge keys and tags (see docs/config.md for the reasons), as are several documents per file.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
  type Scalar,
} from "yaml";
import type { ConfigIssue } from "../errors.js";
import { describeYamlErrors, firstForbiddenCharacter } from "./yaml-errors.js";

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export interface ScalarNode {
  readonly kind: "scalar";
  readonly pos: Pos;
  /** As YAML 1.2 (core schema) resolves it. */
  readonly value: string | number | boolean | null;
  /** The text as written (without quotes), e.g. "0x10" for 16, "300000000000000099" for a big number. */
  readonly source: string;
  readonly quoted: boolean;
  /** Offsets of the written scalar in the file text (quotes included). */
  readonly start: number;
  readonly end: number;
}

export interface MapEntry {
  readonly key: string;
  readonly keyPos: Pos;
  readonly value: ConfigNode;
}

export type ConfigNode =
  | { readonly kind: "map"; readonly pos: Pos; readonly entries: readonly MapEntry[] }
  | { readonly kind: "seq"; readonly pos: Pos; readonly items: readonly ConfigNode[] }
  | ScalarNode;

/** An issue with the JSON pointer of the value it is about ("" for the whole file). */
export interface PathIssue extends ConfigIssue {
  readonly path: string;
}

export type PathSegment = string | number;

export const toPointer = (path: readonly PathSegment[]): string =>
  path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

export interface ParsedYaml {
  /** undefined when the file has no usable document (syntax errors, empty file). */
  readonly root?: ConfigNode;
  /** Problems of the YAML itself; their path lets later checks skip the entry they are in. */
  readonly issues: readonly PathIssue[];
  readonly text: string;
  readonly positionAt: (offset: number) => Pos;
}

/** Deeper than any config needs; stops a hostile file from exhausting the stack. */
const MAX_DEPTH = 32;

export function parseYamlTree(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const positionAt = (offset: number): Pos => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: characterColumn(text, offset - (p.col - 1), offset) };
  };
  const issues: PathIssue[] = [];
  const at = (pos: Pos, message: string, path: readonly PathSegment[] = []) =>
    void issues.push({ file, ...pos, message, path: toPointer(path) });
  const forbidden = firstForbiddenCharacter(text);
  if (forbidden) {
    // Before parsing: the parser's view of such a file (one long line, odd scalars) would mislead.
    const lineStart = text.lastIndexOf("\n", forbidden.offset - 1) + 1;
    const line = text.slice(0, lineStart).split("\n").length;
    at({ line, column: characterColumn(text, lineStart, forbidden.offset) }, forbidden.message);
    return { issues, text, positionAt };
  }
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    // uniqueKeys off: duplicates are reported below, naming the first occurrence.
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, version: "1.2" });
  } catch (err) {
    at(
      { line: 1, column: 1 },
      `the YAML cannot be parsed (${err instanceof RangeError ? "nested too deeply" : String(err)})`,
    );
    return { issues, text, positionAt };
  }
  const [doc, second] = Array.isArray(docs) ? docs : [];
  if (second) {
    at(
      positionAt(second.range?.[0] ?? 0),
      "a config file holds one YAML document, but a second one starts here; put it in its own file and " +
        "pass both with -f",
    );
  }
  if (!doc) {
    at({ line: 1, column: 1 }, "the file is empty; a config needs at least `version: 1`");
    return { issues, text, positionAt };
  }
  // An unknown tag is only a warning for the library; tags are refused below, with a clearer message.
  const warnings = doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED");
  for (const p of describeYamlErrors(doc, [...doc.errors, ...warnings], positionAt))
    at(positionAt(p.offset), p.message);
  if (doc.errors.length > 0) return { issues, text, positionAt };
  const declared = doc.directives?.yaml;
  if (declared?.explicit && declared.version !== "1.2") {
    // YAML 1.1 reads yes/no as booleans and 010 as octal: one file, one meaning — 1.2.
    at({ line: 1, column: 1 }, `this tool reads YAML 1.2; remove the %YAML ${declared.version} directive`);
    return { issues, text, positionAt };
  }
  if (doc.contents === null) {
    at(positionAt(doc.range?.[0] ?? 0), "the document is empty; a config needs at least `version: 1`");
    return { issues, text, positionAt };
  }

  /** The node's range starts after its tag; point at the tag itself when it is on the same line. */
  const tagPos = (nodeStart: number): Pos => {
    let tag = text.lastIndexOf("!", nodeStart);
    if (tag < 0 || text.slice(tag, nodeStart).includes("\n")) return positionAt(nodeStart);
    while (tag > 0 && !/[\s[{,]/.test(text[tag - 1]!)) tag--; // to the start of "!!int" / "!e!x"
    return positionAt(tag);
  };
  const convert = (node: unknown, path: readonly PathSegment[], fallback: Pos): ConfigNode | undefined => {
    if (isAlias(node)) {
      at(
        positionAt(node.range?.[0] ?? 0),
        `YAML aliases (*${node.source}) are not supported: write the value where it is used, so every ` +
          `setting has one line that plan and apply can point to`,
        path,
      );
      return undefined;
    }
    if (!node) return { kind: "scalar", pos: fallback, value: null, source: "", quoted: false, start: 0, end: 0 };
    const yamlNode = node as YamlNode;
    const start = yamlNode.range?.[0] ?? 0;
    const pos = positionAt(start);
    if (yamlNode.tag !== undefined)
      at(
        tagPos(start),
        `YAML tags (${yamlNode.tag.replace("tag:yaml.org,2002:", "!!")}) are not supported: write plain ` +
          `values (quote text that looks like a number)`,
        path,
      );
    if (path.length > MAX_DEPTH) {
      at(pos, `nested more than ${MAX_DEPTH} levels deep; a config is at most a few levels deep`, path);
      return undefined;
    }
    if (isScalar(node)) return scalarNode(node, pos);
    if (isSeq(node)) {
      const items: ConfigNode[] = [];
      node.items.forEach((item, i) => {
        const converted = convert(item, [...path, i], pos);
        if (converted) items.push(converted);
      });
      return { kind: "seq", pos, items };
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const seen = new Map<string, Pos>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key;
        if (!isScalar(keyNode)) {
          const where = keyNode ? positionAt((keyNode as YamlNode).range?.[0] ?? start) : pos;
          at(where, "a key must be plain text (not a list, a mapping or an alias)", path);
          continue;
        }
        const keyPos = positionAt(keyNode.range?.[0] ?? start);
        const key = typeof keyNode.value === "string" ? keyNode.value : (keyNode.source ?? String(keyNode.value));
        if (key === "<<" && keyNode.type === "PLAIN") {
          at(
            keyPos,
            "YAML merge keys (<<) are not supported: write each setting where it applies (several files " +
              "given with -f are merged instead)",
            path,
          );
          continue;
        }
        const first = seen.get(key);
        if (first) {
          at(
            keyPos,
            `duplicate key "${key}" (first at line ${first.line}, column ${first.column}); each key may appear once`,
            [...path, key],
          );
          continue;
        }
        seen.set(key, keyPos);
        const value = convert(pair.value, [...path, key], keyPos);
        if (value) entries.push({ key, keyPos, value });
      }
      return { kind: "map", pos, entries };
    }
    at(pos, "unsupported YAML node", path);
    return undefined;
  };
  const root = convert(doc.contents, [], { line: 1, column: 1 });
  return { root, issues, text, positionAt };
}

/**
 * 1-based column of `offset` in characters (code points) from the start of its line. The YAML library
 * counts UTF-16 code units, so an emoji earlier on the line would shift the column by one; characters
 * are what a reader counts, and what the not-UTF-8 message (decode.ts) uses.
 */
function characterColumn(text: string, lineStart: number, offset: number): number {
  let column = 1;
  for (let i = lineStart; i < offset; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < offset) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    column++;
  }
  return column;
}

function scalarNode(node: Scalar, pos: Pos): ScalarNode {
  const raw = node.value;
  const value =
    typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean" || raw === null ? raw : String(raw);
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  const [start, end] = node.range ?? [0, 0];
  return { kind: "scalar", pos, value, source: node.source ?? String(raw), quoted, start, end };
}

/** How a value is called in messages: "a mapping", "a list", "the text \"x\"", "true", "nothing". */
export function describeNode(node: ConfigNode): string {
  switch (node.kind) {
    case "map":
      return "a mapping";
    case "seq":
      return "a list";
    case "scalar":
      if (node.value === null) return "nothing (an empty value)";
      if (typeof node.value === "string") return `the text ${JSON.stringify(truncate(node.value))}`;
      return node.source;
  }
}

const truncate = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

/** `orgs[2].name`-style label for messages. */
export function labelOf(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "the config";
}

type MapNode = Extract<ConfigNode, { kind: "map" }>;
const entryIndex = new WeakMap<MapNode, Map<string, MapNode["entries"][number]>>();

/**
 * A map's entry by key, through an index built on first use: messages look up one position per problem,
 * and a linear search per lookup made 100,000 unknown keys take minutes. The first entry wins (a
 * duplicate key is an error of its own).
 */
function entryOf(node: MapNode, key: string): MapNode["entries"][number] | undefined {
  let index = entryIndex.get(node);
  if (index === undefined) {
    index = new Map();
    for (const e of node.entries) if (!index.has(e.key)) index.set(e.key, e);
    entryIndex.set(node, index);
  }
  return index.get(key);
}

/** The node at a path (keys and list indexes), or undefined. */
export function nodeAt(root: ConfigNode | undefined, path: readonly PathSegment[]): ConfigNode | undefined {
  let node = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.kind === "map") node = entryOf(node, String(seg))?.value;
    else if (node.kind === "seq")
      node = typeof seg === "number" || /^\d+$/.test(seg) ? node.items[Number(seg)] : undefined;
    else return undefined;
  }
  return node;
}

/** Position of the key that introduces the value at a path (for a list item: the item itself). */
export function keyPosAt(root: ConfigNode | undefined, path: readonly PathSegment[]): Pos | undefined {
  if (path.length === 0) return root?.pos;
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (parent?.kind === "map") return entryOf(parent, String(last))?.keyPos;
  return nodeAt(root, path)?.pos;
}
