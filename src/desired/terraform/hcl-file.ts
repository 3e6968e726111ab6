// One HCL file (*.tf, *.tfvars) as data, with positions. Two parsers, each for what it is good at:
//
// - HashiCorp's own HCL parser (github.com/hashicorp/hcl, compiled to WASM in @cdktf/hcl2json) decides
//   what the file means: it turns the file into Terraform's JSON form (expressions stay "${…}" strings)
//   and reports every syntax error with its range. Values are never read by anything else.
// - hcl2json keeps no positions for what parsed fine, so tree-sitter's HCL grammar
//   (@tree-sitter-grammars/tree-sitter-hcl) gives where each block, attribute and object key starts.
//   It is used for positions only: if it ever read a file differently, a message would point at the
//   block (or line 1) instead of the attribute, never at a wrong value.
// Why two: see docs/terraform.md ("How HCL is read").
import { parse } from "@cdktf/hcl2json";
import Parser from "tree-sitter";
import HCL from "@tree-sitter-grammars/tree-sitter-hcl";
import type { ConfigIssue } from "../../errors.js";
import type { Position } from "../cdktf/positions.js";

export interface HclFile {
  /** The file in Terraform's JSON form (blocks as arrays of bodies, as hcl2json writes them). */
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * Where a key path is written: ["resource", TYPE, NAME, ATTRIBUTE], ["variable", NAME], … The n-th
   * (n ≥ 2) block or attribute with the same path is at [...path, "#n"].
   */
  readonly locate: (keys: readonly string[]) => Position | undefined;
}

export type HclResult =
  | { readonly ok: true; readonly file: HclFile }
  | { readonly ok: false; readonly issues: ConfigIssue[] };

// hcl2json names the file in its messages by the name it was given; a fixed one is easy to find again.
const PARSE_NAME = "input.hcl";

export async function parseHcl(display: string, text: string): Promise<HclResult> {
  let body: unknown;
  try {
    body = await parse(PARSE_NAME, text);
  } catch (err) {
    return { ok: false, issues: diagnostics(display, err instanceof Error ? err.message : String(err)) };
  }
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  const object = isObject ? (body as Record<string, unknown>) : {};
  return { ok: true, file: { body: object, locate: locator(text) } };
}

// "parse config: [input.hcl:2,7-3,1: Invalid expression; Expected …. input.hcl:5,1-2: …]": one
// diagnostic per "NAME:LINE,COLUMN-…: ". A position inside a message ("already set at input.hcl:2,3-4.")
// has no ": " after it, so it does not start a diagnostic; it is rewritten to FILE:LINE:COLUMN.
const DIAGNOSTIC = /input\.hcl:(\d+),(\d+)(?:-(?:\d+,)?\d+)?: /g;
const INNER_POSITION = /input\.hcl:(\d+),(\d+)(?:-(?:\d+,)?\d+)?/g;

function diagnostics(display: string, message: string): ConfigIssue[] {
  const text = message.replace(/^parse config: \[/, "").replace(/\]\s*$/, "");
  const starts = [...text.matchAll(DIAGNOSTIC)];
  if (starts.length === 0) return [{ file: display, line: 1, column: 1, message: `cannot parse HCL: ${text}` }];
  return starts.map((m, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    const body = text
      .slice(m.index + m[0].length, end)
      .trim()
      .replace(INNER_POSITION, (_all, line: string, column: string) => `${display}:${line}:${column}`)
      .replace(/; /, ": ");
    return { file: display, line: Number(m[1]), column: Number(m[2]), message: body };
  });
}

let parser: Parser | undefined;

function treeSitter(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(HCL as Parser.Language);
  }
  return parser;
}

const pathKey = (keys: readonly string[]): string => keys.join("\u0000");

/** Positions of blocks (by type and labels), attributes and object keys, by their key path. */
function locator(text: string): (keys: readonly string[]) => Position | undefined {
  const positions = new Map<string, Position>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  // tree-sitter's columns count bytes; from the UTF-16 index, columns count characters like the YAML's.
  const at = (node: Parser.SyntaxNode): Position => {
    const line = node.startPosition.row;
    return { line: line + 1, column: node.startIndex - (lineStarts[line] ?? 0) + 1 };
  };
  // A path written twice (two `locals` blocks, a duplicated resource): the n-th one is also found
  // under [...keys, "#n"], so a message about the second declaration can point at it.
  const seen = new Map<string, number>();
  const record = (keys: readonly string[], node: Parser.SyntaxNode): void => {
    const key = pathKey(keys);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    positions.set(n === 1 ? key : pathKey([...keys, `#${n}`]), at(node));
  };
  const visitBody = (body: Parser.SyntaxNode | undefined, prefix: readonly string[]): void => {
    for (const child of body?.namedChildren ?? []) {
      if (child.type === "attribute") {
        const name = child.namedChildren[0]?.text ?? "";
        record([...prefix, name], child);
        const expression = child.namedChildren[1];
        if (expression) visitValue(expression, [...prefix, name]);
      } else if (child.type === "block") {
        const labels = child.namedChildren.filter((c) => c.type === "identifier" || c.type === "string_lit");
        const keys = [...prefix, ...labels.map(labelText)];
        record(keys, child);
        visitBody(
          child.namedChildren.find((c) => c.type === "body"),
          keys,
        );
      }
    }
  };
  // Object keys and tuple elements inside an attribute's value (locals.zitadel_lockout.inherit[0], …).
  const visitValue = (node: Parser.SyntaxNode, prefix: readonly string[]): void => {
    const collection = node.type === "expression" ? node.namedChildren[0]?.namedChildren[0] : undefined;
    if (collection?.type === "object") {
      for (const elem of collection.namedChildren.filter((c) => c.type === "object_elem")) {
        const [key, value] = elem.namedChildren;
        if (!key) continue;
        const name = key.text.replace(/^"(.*)"$/, "$1");
        record([...prefix, name], elem);
        if (value) visitValue(value, [...prefix, name]);
      }
    } else if (collection?.type === "tuple") {
      collection.namedChildren
        .filter((c) => c.type === "expression")
        .forEach((elem, i) => {
          record([...prefix, String(i)], elem);
          visitValue(elem, [...prefix, String(i)]);
        });
    }
  };
  const tree = treeSitter().parse(text);
  visitBody(
    tree.rootNode.namedChildren.find((c) => c.type === "body"),
    [],
  );
  return (keys) => positions.get(pathKey(keys));
}

/** A block label: `"name"` or a bare identifier. */
function labelText(node: Parser.SyntaxNode): string {
  if (node.type !== "string_lit") return node.text;
  return node.namedChildren
    .filter((c) => c.type === "template_literal")
    .map((c) => c.text)
    .join("");
}
